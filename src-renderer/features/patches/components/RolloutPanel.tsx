import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { formatDate, formatNumber, formatPercent } from '../../../../src-shared/domain/locale-format.js';
import { rolloutActionRefusal } from '../../../../src-shared/domain/rollout-actions.js';
import { FAILURE_RATE_ALERT, ROLLBACK_RATE_ALERT } from '../../../../src-shared/domain/sdk-patch-rules.js';
import type { RolloutView } from '../../../../src-shared/ipc/rollouts.js';
import type { RolloutAction } from '../../../../src-shared/schemas/rollout.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { FiguresAge } from '../../../shared/patch-registry/FiguresAge.js';
import { mayReviewPatches, useRole } from '../../../shared/patch-registry/roles.js';
import { useRolloutActionMutation } from '../mutations.js';
import { patchRolloutQuery } from '../queries.js';
import { AbortRolloutDialog } from './AbortRolloutDialog.js';

const ACTIONS: readonly RolloutAction[] = ['advance', 'hold', 'resume', 'abort'];

/** A step's rate beside the runbook's threshold: "12.5 % (threshold 20 %)", marked when above it. */
function RateFigure({ testId, rate, threshold }: { testId: string; rate: number | null; threshold: number }) {
  const intl = useIntl();
  const above = rate !== null && rate > threshold;
  return (
    <dd data-testid={testId} data-above={above ? 'true' : undefined} className={above ? 'rollout-rate-above' : undefined}>
      {intl.formatMessage(
        { id: rate === null ? 'rollouts.rate.none' : above ? 'rollouts.rate.above' : 'rollouts.rate.under' },
        { rate: rate === null ? '' : formatPercent(intl.locale, rate, 1), threshold: formatPercent(intl.locale, threshold) },
      )}
    </dd>
  );
}

function Time({ at }: { at: string }) {
  const intl = useIntl();
  return <time dateTime={at}>{formatDate(intl.locale, at)}</time>;
}

/** What the rollout is at: its step, share, the step's figures against the thresholds, its times and who changed it last. */
function RolloutFigures({ view }: { view: RolloutView }) {
  const intl = useIntl();
  const { rollout } = view;
  const stats = rollout.step_stats;
  const entry = (label: string, value: ReactNode, testId: string) => (
    <div>
      <dt className="muted small">{intl.formatMessage({ id: label })}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <dl className="rollout-figures">
      {entry('rollouts.field.applications', intl.formatMessage({ id: 'rollouts.applications' }, { count: stats.applications, formatted: formatNumber(intl.locale, stats.applications), min: formatNumber(intl.locale, rollout.min_applications) }), 'rollout-applications')}
      <div>
        <dt className="muted small">{intl.formatMessage({ id: 'rollouts.field.rollbackRate' })}</dt>
        <RateFigure testId="rollout-rollback-rate" rate={stats.rollback_rate} threshold={ROLLBACK_RATE_ALERT} />
      </div>
      <div>
        <dt className="muted small">{intl.formatMessage({ id: 'rollouts.field.failureRate' })}</dt>
        <RateFigure testId="rollout-failure-rate" rate={stats.failure_rate} threshold={FAILURE_RATE_ALERT} />
      </div>
      {entry('rollouts.field.startedAt', <Time at={rollout.started_at} />, 'rollout-started-at')}
      {entry('rollouts.field.stepStartedAt', <Time at={rollout.step_started_at} />, 'rollout-step-started-at')}
      {rollout.ended_at !== null && entry('rollouts.field.endedAt', <Time at={rollout.ended_at} />, 'rollout-ended-at')}
      {rollout.halted_reason !== null && entry('rollouts.field.haltedReason', <span data-i18n-data>{rollout.halted_reason}</span>, 'rollout-halted-reason')}
      {entry(
        'rollouts.field.lastChangeBy',
        rollout.updated_by_name === null ? intl.formatMessage({ id: 'rollouts.automatic' }) : <span data-i18n-data>{rollout.updated_by_name}</span>,
        'rollout-updated-by',
      )}
    </dl>
  );
}

/**
 * A patch's staged rollout on its page: the version, state, step k of n and share, the step's
 * applications and rates against the runbook's thresholds, its times; a reviewer advances, holds,
 * resumes or aborts it (abort asks for a reason), each queued in the outbox and shown pending here.
 */
export function RolloutPanel({ patchId, signature }: { patchId: string; signature: string }) {
  const intl = useIntl();
  const api = useOpsApi();
  const query = useQuery(patchRolloutQuery(api, patchId));
  const canReview = mayReviewPatches(useRole());
  const act = useRolloutActionMutation();
  const [aborting, setAborting] = useState(false);
  const view = query.data?.rollout ?? null;
  const rollout = view?.rollout;
  return (
    <section className="rollout-panel" aria-labelledby="rollout-title" data-testid="rollout-panel" data-rollout-state={rollout?.state} data-local-state={view?.localState}>
      <header className="rollout-header">
        <h3 id="rollout-title">{intl.formatMessage({ id: 'rollouts.title' })}</h3>
        {query.data && <FiguresAge stats={query.data.age} source="rollouts" />}
      </header>
      {query.isError && <p className="error" role="alert">{intl.formatMessage({ id: 'rollouts.failed' }, { message: query.error.message })}</p>}
      {query.data && !view && <p className="muted" data-testid="rollout-none">{intl.formatMessage({ id: 'rollouts.none' })}</p>}
      {view && rollout && (
        <>
          <p data-testid="rollout-summary">
            <span className={`rollout-state rollout-state-${rollout.state}`}>{intl.formatMessage({ id: `rollouts.state.${rollout.state}` })}</span>{' '}
            {intl.formatMessage(
              { id: 'rollouts.summary' },
              { version: rollout.version, step: rollout.step_index + 1, steps: rollout.steps.length, share: formatPercent(intl.locale, rollout.share_pct / 100, 1) },
            )}
          </p>
          <RolloutFigures view={view} />
          {view.localState !== 'synced' && (
            <p role="status" className="small" data-testid="rollout-pending" data-local-state={view.localState}>
              {intl.formatMessage({ id: 'rollouts.pending' }, { state: view.localState, action: view.pending?.action ?? 'other' })}
            </p>
          )}
          {canReview && (
            <div className="button-row" role="group" aria-label={intl.formatMessage({ id: 'rollouts.actions' })}>
              {ACTIONS.map((action) => {
                const refused = rolloutActionRefusal(rollout, action) !== null;
                return (
                  <button
                    key={action}
                    type="button"
                    className={action === 'abort' ? 'danger-outline' : undefined}
                    data-testid={`rollout-${action}`}
                    disabled={refused || act.isPending}
                    onClick={() => (action === 'abort' ? setAborting(true) : act.mutate({ patchId, version: rollout.version, action, signature }))}
                  >
                    {intl.formatMessage({ id: `rollouts.action.${action}` })}
                  </button>
                );
              })}
            </div>
          )}
          {aborting && <AbortRolloutDialog patchId={patchId} version={rollout.version} signature={signature} onClose={() => setAborting(false)} />}
        </>
      )}
    </section>
  );
}
