import type { Conflict } from '../../../../src-shared/ipc/conflicts.js';
import { useResolveConflictMutation } from '../mutations.js';

const LOG_FIELDS = ['status', 'version', 'approvals', 'rejection_reason', 'applied_by', 'rolled_back_by', 'updated_at'] as const;
const PAUSE_FIELDS = ['rule_name', 'plugin_id', 'version', 'paused_by', 'resumed_by', 'resumed_at'] as const;

function describeDecision(decision: Conflict['mine']['decision']): string {
  if (decision.action === 'reject') return `reject: “${decision.reason}”`;
  if (decision.action === 'rollback') return decision.reason ? `roll back: “${decision.reason}”` : 'roll back';
  if (decision.action === 'resume') return 'resume auto-apply';
  return decision.action;
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => (v as { by?: string }).by ?? JSON.stringify(v)).join(', ');
  return String(value);
}

/** One conflict (on a healing log or on an auto-apply pause), your decision beside the server's row now, with the three ways out. */
export function ConflictCard({ conflict }: { conflict: Conflict }) {
  const resolve = useResolveConflictMutation();
  const decide = (resolution: 'keep_mine' | 'take_theirs' | 'discard') => resolve.mutate({ id: conflict.id, resolution });
  const onPause = conflict.pauseId !== null;
  const fields = onPause ? PAUSE_FIELDS : LOG_FIELDS;
  return (
    <article
      className="conflict-card"
      data-testid="conflict-card"
      data-conflict-id={conflict.id}
      data-log-id={conflict.logId ?? undefined}
      data-pause-id={conflict.pauseId ?? undefined}
      aria-labelledby={`conflict-${conflict.id}`}
    >
      <h2 id={`conflict-${conflict.id}`} className="small">
        {onPause ? `Auto-apply pause ${conflict.pauseId}` : `Log ${conflict.logId}`}
      </h2>
      <p className="error small" data-testid="conflict-error">
        The server refused your decision: {conflict.error.message} ({conflict.error.code}).
      </p>
      <div className="conflict-sides">
        <section aria-label="Your decision" data-testid="conflict-mine">
          <h3>Your decision</h3>
          <p>
            <strong>{describeDecision(conflict.mine.decision)}</strong>
          </p>
          <p className="muted small">
            taken on version {conflict.mine.baseVersion}, {new Date(conflict.mine.decidedAt).toLocaleString()}
          </p>
        </section>
        <section aria-label="The server's row now" data-testid="conflict-theirs">
          <h3>The server now</h3>
          {conflict.theirs ? (
            <dl>
              {fields.map((field) => (
                <div key={field}>
                  <dt className="muted small">{field.replace(/_/g, ' ')}</dt>
                  <dd data-testid={`theirs-${field}`}>{fieldText(conflict.theirs?.[field])}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">The server sent no current row; the next sync brings it.</p>
          )}
        </section>
      </div>
      <div className="button-row">
        <button type="button" className="primary" data-testid="conflict-keep-mine" disabled={resolve.isPending} onClick={() => decide('keep_mine')}>
          Keep mine
        </button>
        <button type="button" data-testid="conflict-take-theirs" disabled={resolve.isPending} onClick={() => decide('take_theirs')}>
          Take theirs
        </button>
        <button type="button" data-testid="conflict-discard" disabled={resolve.isPending} onClick={() => decide('discard')}>
          Discard
        </button>
      </div>
    </article>
  );
}
