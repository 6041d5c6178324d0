import { useIntl } from 'react-intl';

export type ReadState = 'loading' | 'error' | 'empty' | 'ready';

interface QueryStateProps {
  state: ReadState;
  /** The page's words for each state (already in the reader's language). */
  loading: string;
  failed: string;
  empty: string;
  onRetry(): void;
  /** Prefix of the test ids: `<prefix>-error`, `<prefix>-empty`. */
  testId: string;
}

/** What a registry screen shows while its cache read is loading, has failed (with a retry) or found nothing. */
export function QueryState({ state, loading, failed, empty, onRetry, testId }: QueryStateProps) {
  const intl = useIntl();
  if (state === 'loading') return <p className="muted" role="status">{loading}</p>;
  if (state === 'error') {
    return (
      <div className="error" role="alert" data-testid={`${testId}-error`}>
        {failed}{' '}
        <button type="button" onClick={onRetry}>
          {intl.formatMessage({ id: 'figures.retry' })}
        </button>
      </div>
    );
  }
  if (state === 'empty') {
    return (
      <p className="muted empty-state" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    );
  }
  return null;
}
