import { useIntl } from 'react-intl';
import { useState } from 'react';
import type { ReviewAction } from '../decidability.js';
import { checks, useCheckedIds } from '../check-store.js';
import { BulkPreview } from './BulkPreview.js';

/** Shown while logs are checked: how many, bulk approve or reject (each previewed first), clear. */
export function BulkActionBar() {
  const intl = useIntl();
  const checked = useCheckedIds();
  const [action, setAction] = useState<ReviewAction | null>(null);
  if (checked.size === 0) return null;
  return (
    <section className="bulk-bar" aria-label={intl.formatMessage({ id: 'logs.bulk.label' })} data-testid="bulk-bar">
      <div className="bulk-bar-line">
        <strong data-testid="bulk-count" data-value={checked.size}>
          {intl.formatMessage({ id: 'logs.bulk.checked' }, { count: checked.size })}
        </strong>
        <button type="button" data-testid="bulk-approve" onClick={() => setAction('approve')}>
          {intl.formatMessage({ id: 'logs.bulk.approve' })}
        </button>
        <button type="button" data-testid="bulk-reject" onClick={() => setAction('reject')}>
          {intl.formatMessage({ id: 'logs.bulk.reject' })}
        </button>
        <button
          type="button"
          data-testid="bulk-clear"
          onClick={() => {
            checks.checksCleared();
            setAction(null);
          }}
        >
          {intl.formatMessage({ id: 'logs.bulk.clear' })}
        </button>
      </div>
      {action && <BulkPreview key={action} action={action} ids={[...checked]} onClose={() => setAction(null)} />}
    </section>
  );
}
