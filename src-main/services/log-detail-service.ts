import type { z } from 'zod';
import { autoApplyPauseOf } from '../../src-shared/domain/rollback-effects.js';
import type { CachedPause, LogRemoteDetail, RollbackPreview } from '../../src-shared/ipc/log-detail.js';
import { LogDetailSchema, RollbackPlanSchema, type BlockingPatch, type HealingLog } from '../../src-shared/schemas/autoheal.js';
import { PauseSchema } from '../../src-shared/schemas/pauses.js';
import type { BackendClient } from '../backend/backend-client.js';
import { BackendHttpError, BackendUnreachableError } from '../backend/backend-errors.js';
import type { Repositories } from '../cache/repositories/index.js';
import { describeError } from '../util/log.js';
import { notFound } from './service-error.js';

/** A detail read must not hold the pane for long: one attempt, a short timeout. */
const REMOTE_READ_TIMEOUT_MS = 5_000;

/**
 * What the detail pane needs beyond the cached log: the audit trail (only the backend has it) and
 * the auto-apply pauses on the log's rule and plugin (cached). Resuming a pause is a decision: the
 * DecisionService queues it in the outbox.
 */
export class LogDetailService {
  constructor(
    private readonly repos: Repositories,
    private readonly client: () => BackendClient | undefined,
  ) {}

  async remote(id: string): Promise<LogRemoteDetail> {
    const answer = await this.read(`/api/v1/plugins/autoheal/logs/${encodeURIComponent(id)}`, LogDetailSchema, 'audit trail');
    if (!answer.ok) return { status: 'unavailable', reason: answer.reason, message: answer.message };
    const detail = answer.data;
    return { status: 'available', audit: detail.audit, reviewReason: detail.review_reason, fetchedAt: new Date().toISOString() };
  }

  /**
   * What rolling the log back will do: the backend's rollback plan, or, when it cannot answer, what
   * the cache knows (newer patches applied on the plugin after this one, the pause the shared rule says).
   */
  async rollbackPreview(id: string): Promise<RollbackPreview> {
    const cached = this.repos.logs.get(id);
    if (!cached) throw notFound('healing log', id);
    const answer = await this.read(`/api/v1/plugins/autoheal/${encodeURIComponent(id)}/rollback-plan`, RollbackPlanSchema, 'rollback plan');
    if (answer.ok) {
      const { pause, newer } = answer.data;
      return {
        source: 'backend',
        unavailable: null,
        pause: pause && { ruleId: pause.rule_id, rule: pause.rule, pluginId: pause.plugin_id, alreadyPaused: pause.already_paused },
        newer,
      };
    }
    const target = autoApplyPauseOf(cached.log);
    return {
      source: 'cache',
      unavailable: answer.message,
      pause: target && { ...target, rule: this.ruleName(target.ruleId), alreadyPaused: null },
      newer: this.cachedNewerPatches(cached.log),
    };
  }

  /** The cached patches on the log's plugin applied after it (or still applying), newest first. */
  private cachedNewerPatches(log: HealingLog): BlockingPatch[] {
    const appliedAt = log.applied_at ? Date.parse(log.applied_at) : Number.NEGATIVE_INFINITY;
    const { items } = this.repos.logQuery.page({
      filters: { pluginId: log.plugin_id, status: ['applied', 'applying'] },
      sort: 'newest',
      limit: 500,
      offset: 0,
    });
    return items
      .map((row) => row.log)
      .filter((other) => other.id !== log.id && (other.status === 'applying' || (other.applied_at !== null && Date.parse(other.applied_at) > appliedAt)))
      .sort((a, b) => Date.parse(b.applied_at ?? b.updated_at) - Date.parse(a.applied_at ?? a.updated_at))
      .map((other) => ({
        log_id: other.id,
        rule_id: other.rule_id,
        rule: other.rule_id ? this.ruleName(other.rule_id) : null,
        detected_issue: other.detected_issue,
        status: other.status as BlockingPatch['status'],
        applied_at: other.applied_at,
        auto_applied: other.auto_applied,
        version: other.version,
      }));
  }

  /** One short read from the backend; offline or refused becomes a sentence naming `what` was not read. */
  private async read<S extends z.ZodType>(
    path: string,
    schema: S,
    what: string,
  ): Promise<{ ok: true; data: z.output<S> } | { ok: false; reason: 'offline' | 'refused'; message: string }> {
    const client = this.client();
    if (!client) return { ok: false, reason: 'offline', message: `${what} unavailable offline: no backend is connected` };
    try {
      const data = await client.request('GET', path, { schema, attempts: 1, signal: AbortSignal.timeout(REMOTE_READ_TIMEOUT_MS) });
      return { ok: true, data };
    } catch (error) {
      if (error instanceof BackendHttpError) {
        return { ok: false, reason: 'refused', message: `the backend refused the ${what} (${error.status}): ${error.message}` };
      }
      if (error instanceof BackendUnreachableError || (error instanceof Error && error.name === 'TimeoutError')) {
        return { ok: false, reason: 'offline', message: `${what} unavailable offline: the backend cannot be reached` };
      }
      return { ok: false, reason: 'refused', message: `the ${what} could not be read: ${describeError(error)}` };
    }
  }

  /**
   * Pauses in force for the log's rule on its plugin, and any pause its own rollback made, each
   * with its local state (a resume queued, refused or in conflict).
   */
  pausesForLog(logId: string): { items: CachedPause[] } {
    const cached = this.repos.logs.get(logId);
    if (!cached) throw notFound('healing log', logId);
    const { log } = cached;
    const items = this.repos.pauses.forPlugin(log.plugin_id).flatMap(({ row, localState, pending }): CachedPause[] => {
      // Feed rows are the table's columns: the rule's name comes from the cached rule.
      const parsed = PauseSchema.safeParse({ ...row, rule_name: row['rule_name'] ?? this.ruleName(String(row['rule_id'])) });
      if (!parsed.success) return [];
      const pause = parsed.data;
      const shown = pause.resumed_at === null && (pause.rule_id === log.rule_id || pause.healing_log_id === log.id);
      return shown ? [{ pause, localState, pending }] : [];
    });
    return { items };
  }

  private ruleName(ruleId: string): string {
    const rule = this.repos.entities.rule.get(ruleId);
    return typeof rule?.['name'] === 'string' ? rule['name'] : ruleId;
  }
}
