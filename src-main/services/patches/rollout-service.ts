import { rolloutActionRefusal, type RolloutActionRefusal } from '../../../src-shared/domain/rollout-actions.js';
import type { IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { PatchDecisionReceipt } from '../../../src-shared/ipc/patches.js';
import type { AlertView, RolloutView } from '../../../src-shared/ipc/rollouts.js';
import { PatchRolloutDecisionSchema } from '../../../src-shared/ipc/decision-kinds.js';
import { RolloutsResponseSchema, type Rollout, type RolloutAction } from '../../../src-shared/schemas/rollout.js';
import { SelfHealAlertsResponseSchema } from '../../../src-shared/schemas/self-heal-alerts.js';
import type { BackendClient } from '../../backend/backend-client.js';
import type { CachedRollout } from '../../cache/repositories/rollouts-repo.js';
import type { Repositories } from '../../cache/repositories/index.js';
import { patchRolloutKind } from '../../outbox/patch-rollout-kind.js';
import type { LogFn } from '../../util/log.js';
import type { DecisionService } from '../decision-service.js';
import type { DeliveryWatch } from '../delivery-watch.js';
import { ServiceError } from '../service-error.js';
import { requireRole } from './access.js';
import { ThrottledRound } from './throttled-round.js';

export interface RolloutServiceOptions {
  repos: Repositories;
  /** The active session's client (undefined: no backend connected). */
  client: () => BackendClient | undefined;
  activeProfileId: () => string | null;
  decisions: Pick<DecisionService, 'queue'>;
  watch: Pick<DeliveryWatch, 'deliver'>;
  log?: LogFn;
  /** A background refresh runs at most this often (default 60 s). */
  minIntervalMs?: number;
  /** How long one fetch may take (default 10 s). */
  timeoutMs?: number;
  now?: () => number;
}

const REFUSED_BECAUSE: Readonly<Record<RolloutActionRefusal, (rollout: Rollout) => string>> = {
  rollout_completed: (r) => `the rollout of version ${r.version} is complete (every developer is served it); there is nothing left to change`,
  rollout_halted: (r) => `the rollout of version ${r.version} is halted${r.halted_reason ? ` (${r.halted_reason})` : ''}; a new version must be approved to roll out again`,
  rollout_not_held: (r) => `the rollout of version ${r.version} is ${r.state}, not held; only a held rollout can be resumed`,
  rollout_not_rolling: (r) => `the rollout of version ${r.version} is ${r.state}, not rolling; only a rolling rollout can be held`,
};

/**
 * Staged rollouts of SDK patch versions and the runbook's alerts in the console: fetched from the
 * backend after each pull (at most once a minute) and on demand, cached with their age so the
 * screens read them offline, and a reviewer's advance, hold, resume or abort queued in the outbox
 * (refused first when the role or the cached rollout's state rules it out).
 */
export class RolloutService {
  private readonly round: ThrottledRound;
  /** The approvals without a cached rollout last seen, so a rollout the server never started does not refresh after every pull. */
  private lastBehind = '';

  constructor(private readonly options: RolloutServiceOptions) {
    this.round = new ThrottledRound(() => this.fetch(), 'the patch rollouts and alerts', options);
  }

  /**
   * After a pull: refreshes unless a refresh started less than a minute ago, and at once when the pull
   * brought an approval whose rollout is not cached yet (the patch page would say "no rollout"); never throws.
   */
  refreshInBackground(): Promise<void> {
    const behind = this.approvalsWithoutRollout();
    const due = behind !== '' && behind !== this.lastBehind;
    this.lastBehind = behind;
    return this.round.inBackground(due);
  }

  /** Asked by the user: refreshes now; throws when the backend cannot answer. */
  async refreshNow(): Promise<IpcResponse<'ops:rollouts.refresh'>> {
    await this.round.now();
    const { rollouts } = this.options.repos;
    return { rollouts: rollouts.age('rollouts'), alerts: rollouts.age('alerts') };
  }

  list(): IpcResponse<'ops:rollouts.list'> {
    const { rollouts } = this.options.repos;
    return { rollouts: rollouts.rollouts().map((cached) => this.view(cached)), age: rollouts.age('rollouts') };
  }

  forPatch(patchId: string): IpcResponse<'ops:rollouts.forPatch'> {
    const { rollouts } = this.options.repos;
    const cached = rollouts.rollout(patchId);
    return { rollout: cached ? this.view(cached) : null, age: rollouts.age('rollouts') };
  }

  alerts(): IpcResponse<'ops:alerts.list'> {
    const { repos } = this.options;
    const alerts: AlertView[] = repos.rollouts.alerts().map((alert) => ({ alert, errorSignature: this.signatureOf(alert.patch_id) }));
    return { alerts, age: repos.rollouts.age('alerts') };
  }

  /** Queues a reviewer's hand on the rollout of `version` of the patch, and answers what became of its push. */
  async act(patchId: string, version: number, action: RolloutAction, reason?: string): Promise<PatchDecisionReceipt> {
    const { repos } = this.options;
    requireRole(repos.syncState.get().identity, 'review');
    const decision = { action, ...(reason !== undefined ? { reason } : {}) };
    const { item } = this.options.decisions.queue(patchRolloutKind.kind, patchId, decision, () => {
      const cached = repos.rollouts.rollout(patchId)!.rollout;
      if (cached.version !== version) {
        throw new ServiceError('conflict', 'rollout_version_changed', `the patch's rollout is of version ${cached.version} now, not ${version}`);
      }
      const refusal = rolloutActionRefusal(cached, action);
      if (refusal) throw new ServiceError('conflict', refusal, `cannot ${action}: ${REFUSED_BECAUSE[refusal](cached)}`);
    });
    const [delivery] = await this.options.watch.deliver([item.id]);
    return { outboxId: item.id, patchId, delivery: delivery! };
  }

  close(): Promise<void> {
    return this.round.close();
  }

  /** `patch@version` of every active version newer than its patch's cached rollout, joined. */
  private approvalsWithoutRollout(): string {
    const { repos } = this.options;
    const behind: string[] = [];
    for (const { patch } of repos.patches.patches()) {
      const active = patch.active_version;
      if (active !== null && (repos.rollouts.rollout(patch.id)?.rollout.version ?? 0) < active) behind.push(`${patch.id}@${active}`);
    }
    return behind.join(',');
  }

  private view({ rollout, localState }: CachedRollout): RolloutView {
    return { rollout, localState, pending: this.pendingOn(rollout.patch_id), errorSignature: this.signatureOf(rollout.patch_id) };
  }

  private signatureOf(patchId: string | null): string | null {
    return patchId === null ? null : (this.options.repos.patches.patch(patchId)?.patch.error_signature ?? null);
  }

  private pendingOn(patchId: string): RolloutView['pending'] {
    const profileId = this.options.activeProfileId();
    if (!profileId) return null;
    const item = this.options.repos.outbox.list(profileId).find((entry) => entry.kind === patchRolloutKind.kind && entry.targetId === patchId);
    const decision = PatchRolloutDecisionSchema.safeParse(item?.decision);
    return decision.success ? decision.data : null;
  }

  private async fetch(): Promise<void> {
    const { repos } = this.options;
    const client = this.options.client();
    if (!client) throw new ServiceError('offline', 'no_active_profile', 'no backend is connected; the rollouts and alerts shown are the cached ones');
    const request = { attempts: 1, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) };
    const [rollouts, alerts] = await Promise.all([
      client.request('GET', '/api/dev/rollouts', { schema: RolloutsResponseSchema, ...request }),
      client.request('GET', '/api/dev/alerts', { schema: SelfHealAlertsResponseSchema, ...request }),
    ]);
    if (this.round.isClosed || !repos.cache.sql.open) return;
    const refreshedAt = new Date((this.options.now ?? Date.now)()).toISOString();
    repos.cache.transaction(() => {
      repos.rollouts.putRollouts(rollouts, refreshedAt);
      repos.rollouts.putAlerts(alerts, refreshedAt);
    });
  }
}
