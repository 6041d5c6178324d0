import { useIntl, type IntlShape } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { Conflict } from '../../../../src-shared/ipc/conflicts.js';
import { apiErrorText } from '../../../infra/api-errors/api-error-text.js';
import { useResolveConflictMutation } from '../mutations.js';
import { isPatchConflict, patchConflictTitle, patchDecisionText, theirsFieldsOf, theirsSummary, theirsValue } from '../patch-conflict-text.js';

const LOG_FIELDS = ['status', 'version', 'approvals', 'rejection_reason', 'applied_by', 'rolled_back_by', 'updated_at'] as const;
const PAUSE_FIELDS = ['rule_name', 'plugin_id', 'version', 'paused_by', 'resumed_by', 'resumed_at'] as const;
const TIME_FIELDS: ReadonlySet<string> = new Set(['updated_at', 'resumed_at', 'reviewed_at', 'deactivated_at']);
const PERCENT_FIELDS: ReadonlySet<string> = new Set(['share_pct']);

function describeDecision(intl: IntlShape, conflict: Conflict): string {
  if (isPatchConflict(conflict)) return patchDecisionText(intl, conflict);
  const decision = conflict.mine.decision;
  if (decision.action === 'reject') return intl.formatMessage({ id: 'conflicts.decision.reject' }, { reason: decision.reason });
  if (decision.action === 'rollback') {
    return decision.reason
      ? intl.formatMessage({ id: 'conflicts.decision.rollbackWithReason' }, { reason: decision.reason })
      : intl.formatMessage({ id: 'conflicts.decision.rollback' });
  }
  return intl.formatMessage({ id: `conflicts.decision.${decision.action}` });
}

/** When mine was taken, and on which version of its row (a new patch has none). */
function takenText(intl: IntlShape, conflict: Conflict): string {
  const at = formatDate(intl.locale, conflict.mine.decidedAt);
  if (conflict.kind === 'patch_draft' && conflict.mine.decision.action === 'create') return intl.formatMessage({ id: 'conflicts.mine.submitted' }, { at });
  const id = isPatchConflict(conflict) ? 'conflicts.mine.takenOnPatch' : 'conflicts.mine.taken';
  return intl.formatMessage({ id }, { version: conflict.mine.baseVersion, at });
}

function titleOf(intl: IntlShape, conflict: Conflict): string {
  if (conflict.kind === 'pause') return intl.formatMessage({ id: 'conflicts.card.pause' }, { id: conflict.pauseId });
  if (conflict.kind === 'log') return intl.formatMessage({ id: 'conflicts.card.log' }, { id: conflict.logId });
  return patchConflictTitle(intl, conflict);
}

/** The fields of the server's row worth showing: a log's, a pause's, a patch version's or a patch's. */
function theirsFields(conflict: Conflict): readonly string[] {
  if (conflict.kind === 'pause') return PAUSE_FIELDS;
  if (conflict.kind === 'log') return LOG_FIELDS;
  return theirsFieldsOf(conflict);
}

function fieldText(intl: IntlShape, conflict: Conflict, field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    return value.length === 0 ? intl.formatMessage({ id: 'conflicts.value.none' }) : value.map((v) => (v as { by?: string }).by ?? JSON.stringify(v)).join(', ');
  }
  if (field === 'status' && typeof value === 'string') {
    return isPatchConflict(conflict) ? intl.formatMessage({ id: `patches.versionStatus.${value}` }) : intl.formatMessage({ id: `shared.status.${value}` });
  }
  if (field === 'state' && typeof value === 'string') return intl.formatMessage({ id: `rollouts.state.${value}` });
  if (TIME_FIELDS.has(field) && typeof value === 'string') return formatDate(intl.locale, value);
  if (PERCENT_FIELDS.has(field) && typeof value === 'number') return intl.formatNumber(value / 100, { style: 'percent', maximumFractionDigits: 1 });
  if (typeof value === 'number') return intl.formatNumber(value);
  return String(value);
}

/**
 * One conflict (on a healing log, an auto-apply pause, a patch draft's submission, a patch version's
 * review or a patch's deactivation), your decision beside the server's row now, with the three ways out.
 */
export function ConflictCard({ conflict }: { conflict: Conflict }) {
  const intl = useIntl();
  const resolve = useResolveConflictMutation();
  const decide = (resolution: 'keep_mine' | 'take_theirs' | 'discard') => resolve.mutate({ id: conflict.id, resolution });
  const fields = theirsFields(conflict);
  const theirs = conflict.theirs;
  const summary = isPatchConflict(conflict) ? theirsSummary(intl, conflict) : null;
  return (
    <article
      className="conflict-card"
      data-testid="conflict-card"
      data-conflict-id={conflict.id}
      data-kind={conflict.kind}
      data-target-id={conflict.targetId}
      data-log-id={conflict.logId ?? undefined}
      data-pause-id={conflict.pauseId ?? undefined}
      aria-labelledby={`conflict-${conflict.id}`}
    >
      <h2 id={`conflict-${conflict.id}`} className="small">
        {titleOf(intl, conflict)}
      </h2>
      <p className="error small" data-testid="conflict-error" data-code={conflict.error.code}>
        {intl.formatMessage({ id: 'conflicts.card.refused' }, { reason: apiErrorText(intl, conflict.error.code, conflict.error.message) })}
      </p>
      <div className="conflict-sides">
        <section aria-label={intl.formatMessage({ id: 'conflicts.mine.label' })} data-testid="conflict-mine">
          <h3>{intl.formatMessage({ id: 'conflicts.mine.label' })}</h3>
          <p>
            <strong>{describeDecision(intl, conflict)}</strong>
          </p>
          <p className="muted small">
            {takenText(intl, conflict)}
          </p>
        </section>
        <section aria-label={intl.formatMessage({ id: 'conflicts.theirs.label' })} data-testid="conflict-theirs">
          <h3>{intl.formatMessage({ id: 'conflicts.theirs.title' })}</h3>
          {summary !== null && (
            <p data-testid="conflict-theirs-summary">
              {summary}
            </p>
          )}
          {theirs ? (
            <dl>
              {fields.map((field) => (
                <div key={field}>
                  <dt className="muted small">{intl.formatMessage({ id: `conflicts.field.${field}` })}</dt>
                  <dd data-testid={`theirs-${field}`} data-i18n-data>{fieldText(intl, conflict, field, theirsValue(theirs, field))}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">{intl.formatMessage({ id: 'conflicts.theirs.missing' })}</p>
          )}
        </section>
      </div>
      {isPatchConflict(conflict) && (
        <p className="muted small" data-testid="conflict-choices-hint">
          {intl.formatMessage({ id: `conflicts.hint.${conflict.kind}` })}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="primary" data-testid="conflict-keep-mine" disabled={resolve.isPending} onClick={() => decide('keep_mine')}>
          {intl.formatMessage({ id: 'conflicts.keepMine' })}
        </button>
        <button type="button" data-testid="conflict-take-theirs" disabled={resolve.isPending} onClick={() => decide('take_theirs')}>
          {intl.formatMessage({ id: 'conflicts.takeTheirs' })}
        </button>
        <button type="button" data-testid="conflict-discard" disabled={resolve.isPending} onClick={() => decide('discard')}>
          {intl.formatMessage({ id: 'conflicts.discard' })}
        </button>
      </div>
    </article>
  );
}
