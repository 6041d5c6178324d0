import type { LogRemoteDetail, Pause } from '../../src-shared/ipc/log-detail.js';
import { LogDetailSchema } from '../../src-shared/schemas/autoheal.js';
import { PauseSchema } from '../../src-shared/schemas/pauses.js';
import type { BackendClient } from '../backend/backend-client.js';
import { BackendHttpError, BackendUnreachableError } from '../backend/backend-errors.js';
import type { Repositories } from '../cache/repositories/index.js';
import { describeError } from '../util/log.js';
import { ServiceError, notFound } from './service-error.js';

/** A detail read must not hold the pane for long: one attempt, a short timeout. */
const REMOTE_READ_TIMEOUT_MS = 5_000;

/**
 * What the detail pane needs beyond the cached log: the audit trail (only the backend has it), the
 * auto-apply pauses on the log's rule and plugin (cached), and resuming a pause (ops, online only:
 * the outbox carries healing-log decisions only, so a resume is sent at once with If-Match).
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

  /** Pauses in force for the log's rule on its plugin, and any pause its own rollback made. */
  pausesForLog(logId: string): { items: Pause[] } {
    const cached = this.repos.logs.get(logId);
    if (!cached) throw notFound('healing log', logId);
    const { log } = cached;
    const items = this.repos.entities.pause
      .where('plugin_id', log.plugin_id)
      // Feed rows are the table's columns: the rule's name comes from the cached rule.
      .map((row) => PauseSchema.safeParse({ ...row, rule_name: row['rule_name'] ?? this.ruleName(String(row['rule_id'])) }))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .filter((pause) => pause.resumed_at === null && (pause.rule_id === log.rule_id || pause.healing_log_id === log.id));
    return { items };
  }

  private ruleName(ruleId: string): string {
    const rule = this.repos.entities.rule.get(ruleId);
    return typeof rule?.['name'] === 'string' ? rule['name'] : ruleId;
  }

  async resume(id: string, comment: string | undefined): Promise<Pause> {
    const cached = this.repos.entities.pause.get(id);
    if (!cached) throw notFound('auto-apply pause', id);
    const client = this.client();
    if (!client) throw new ServiceError('offline', 'resuming auto-apply needs the backend, and none is connected; try again once online');
    try {
      const pause = await client.request('POST', `/api/v1/plugins/autoheal/pauses/${encodeURIComponent(id)}/resume`, {
        schema: PauseSchema,
        body: comment !== undefined ? { comment } : {},
        ifMatch: Number(cached['version']),
      });
      this.repos.entities.pause.upsert(pause);
      return pause;
    } catch (error) {
      if (error instanceof BackendUnreachableError) {
        throw new ServiceError('offline', 'resuming auto-apply needs the backend, which cannot be reached now; try again once online');
      }
      if (error instanceof BackendHttpError && error.status === 409) {
        const current = PauseSchema.safeParse(error.details && (error.details as { current?: unknown }).current);
        if (current.success) this.repos.entities.pause.upsert(current.data);
        throw new ServiceError('conflict', `${error.message}; the banner now shows the pause as the server has it`);
      }
      throw error;
    }
  }
}
