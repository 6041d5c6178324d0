import { useIntl } from 'react-intl';

/**
 * What shows while a screen's part loads on demand (the diff views' CodeMirror, the overview's charts):
 * a polite status, so a screen reader hears that something is coming rather than an empty region.
 */
export function LoadingState({ what }: { what: 'diff' | 'charts' }) {
  const intl = useIntl();
  const text = what === 'diff' ? intl.formatMessage({ id: 'loading.diff' }) : intl.formatMessage({ id: 'loading.charts' });
  return (
    <p className="muted" role="status" aria-busy="true" data-testid="loading-state" data-what={what}>
      {text}
    </p>
  );
}
