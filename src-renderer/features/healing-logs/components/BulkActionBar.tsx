import { useState } from 'react';
import type { ReviewAction } from '../decidability.js';
import { checks, useCheckedIds } from '../check-store.js';
import { BulkPreview } from './BulkPreview.js';

/** Shown while logs are checked: how many, bulk approve or reject (each previewed first), clear. */
export function BulkActionBar() {
  const checked = useCheckedIds();
  const [action, setAction] = useState<ReviewAction | null>(null);
  if (checked.size === 0) return null;
  return (
    <section className="bulk-bar" aria-label="Bulk actions" data-testid="bulk-bar">
      <div className="bulk-bar-line">
        <strong data-testid="bulk-count" data-value={checked.size}>
          {checked.size} checked
        </strong>
        <button type="button" data-testid="bulk-approve" onClick={() => setAction('approve')}>
          Approve checked…
        </button>
        <button type="button" data-testid="bulk-reject" onClick={() => setAction('reject')}>
          Reject checked…
        </button>
        <button
          type="button"
          data-testid="bulk-clear"
          onClick={() => {
            checks.checksCleared();
            setAction(null);
          }}
        >
          Uncheck all
        </button>
      </div>
      {action && <BulkPreview key={action} action={action} ids={[...checked]} onClose={() => setAction(null)} />}
    </section>
  );
}
