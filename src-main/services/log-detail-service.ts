import type { CachedPause, LogRemoteDetail } from '../../src-shared/ipc/log-detail.js';
import { LogDetailSchema } from '../../src-shared/schemas/autoheal.js';
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
    const client = this.client();
    if (!client) return { status: 'unavailable', reason: 'offline', message: 'audit trail unavailable offline: no backend is connected' };
    try {
      const detail = await client.request('GET', `/api/v1/plugins/autoheal/logs/${encodeURIComponent(id)}`, {
        schema: LogDetailSchema,
        attempts: 1,
        signal: AbortSignal.timeout(REMOTE_READ_TIMEOUT_MS),
      });
      return { status: 'available', audit: detail.audit, reviewReason: detail.review_reason, fetchedAt: new Date().toISOString() };
    } catch (error) {
      if (error instanceof BackendHttpError) {
        return { status: 'unavailable', reason: 'refused', message: `the backend refused the audit trail (${error.status}): ${error.message}` };
      }
      if (error instanceof BackendUnreachableError || (error instanceof Error && error.name === 'TimeoutError')) {
        return { status: 'unavailable', reason: 'offline', message: 'audit trail unavailable offline: the backend cannot be reached' };
      }
      return { status: 'unavailable', reason: 'refused', message: `the audit trail could not be read: ${describeError(error)}` };
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
