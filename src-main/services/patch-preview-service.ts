import type { LogPreview, PreviewProblem } from '../../src-shared/ipc/previews.js';
import type { BackendClient } from '../backend/backend-client.js';
import { BackendHttpError, BackendUnreachableError } from '../backend/backend-errors.js';
import type { CachedPreview } from '../cache/repositories/patch-previews-repo.js';
import type { Repositories } from '../cache/repositories/index.js';
import { describeError, silentLog, type LogFn } from '../util/log.js';
import { notFound } from './service-error.js';

export interface PatchPreviewServiceOptions {
  repos: Repositories;
  /** The active session's client (undefined: no backend connected). */
  client: () => BackendClient | undefined;
  log?: LogFn;
  /** Previews asked for at once in a background round (default 2). */
  concurrency?: number;
  /** Most previews a background round asks for (default 20). */
  perRound?: number;
  /** How long one fetch may take (default 5 s): an opening detail pane waits for it at most this long. */
  timeoutMs?: number;
  /** A log version the backend refused a preview for is not asked again before this (default 60 s). */
  retryAfterMs?: number;
  now?: () => number;
}

interface Refusal {
  version: number;
  until: number;
  problem: PreviewProblem;
}

/** Refusals remembered at most (the oldest are forgotten first). */
const MAX_REFUSALS = 5_000;
/** Previews of logs that left the cache are dropped at most this often (a pass over every cached preview). */
const PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * Keeps the backend's patch previews in the cache: in the background after each pull (the logs
 * waiting for a decision whose preview is missing or outdated, a few at a time and a bounded number
 * per round, never before an initial load has finished), and on demand when the detail pane opens a
 * log. A failed fetch never fails the pane: the cached preview is answered with what went wrong.
 */
export class PatchPreviewService {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly refusals = new Map<string, Refusal>();
  private round: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private prunedAt = Number.NEGATIVE_INFINITY;
  private readonly log: LogFn;
  private readonly now: () => number;

  constructor(private readonly options: PatchPreviewServiceOptions) {
    this.log = options.log ?? silentLog;
    this.now = options.now ?? Date.now;
  }

  /** The log's preview: the cached one when current, else fetched first when a backend is connected. */
  async forLog(logId: string): Promise<LogPreview> {
    const { repos } = this.options;
    const log = repos.logs.get(logId)?.log;
    if (!log) throw notFound('healing log', logId);
    const cached = repos.previews.get(logId);
    if (cached?.current) return answer(cached, null);
    const refused = this.refusals.get(logId);
    if (refused && refused.version === log.version && refused.until > this.now()) return answer(cached, refused.problem);
    const client = this.options.client();
    if (!client) return answer(cached, { reason: 'offline', message: 'No backend is connected.' });
    // Known unreachable (the last request failed): answer at once; the sync's next success refetches.
    if (client.online === false) return answer(cached, { reason: 'offline', message: 'The backend cannot be reached.' });
    try {
      await this.fetch(logId, log.version, client);
      return answer(repos.previews.get(logId), null);
    } catch (error) {
      return answer(repos.previews.get(logId), problemOf(error));
    }
  }

  /**
   * Asks for the previews of logs waiting for a decision whose cached one is missing or outdated.
   * Rounds do not overlap: one asked for during a round runs once after it.
   */
  refreshPending(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.round) {
      this.again = true;
      return this.round;
    }
    this.round = this.runRound()
      .catch((error: unknown) => this.log(`fetching patch previews failed: ${describeError(error)}`))
      .finally(() => {
        this.round = undefined;
        if (this.again && !this.closed) {
          this.again = false;
          void this.refreshPending();
        }
      });
    return this.round;
  }

  /** Resolves once no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.round) await this.round;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async runRound(): Promise<void> {
    const { repos } = this.options;
    // The indexes an initial load set aside are rebuilt on a worker thread: no query meanwhile.
    await repos.initialLoad.whenComplete();
    const client = this.options.client();
    if (!client || this.closed || !repos.syncState.get().initialSyncDone) return;
    const now = this.now();
    if (now - this.prunedAt >= PRUNE_INTERVAL_MS) {
      this.prunedAt = now;
      repos.previews.prune();
    }
    const perRound = this.options.perRound ?? 20;
    const due = repos.previews
      .outdated(perRound + Math.min(this.refusals.size, perRound * 4))
      .filter((id) => {
        const refused = this.refusals.get(id);
        return !refused || refused.until <= now || refused.version !== repos.logs.get(id)?.log.version;
      })
      .slice(0, perRound);
    let unreachable = false;
    const worker = async () => {
      for (let id = due.shift(); id !== undefined && !unreachable && !this.closed; id = due.shift()) {
        const version = repos.logs.get(id)?.log.version;
        if (version === undefined) continue;
        try {
          await this.fetch(id, version, client);
        } catch (error) {
          // Offline: the rest would fail the same way; the next pull's round tries again.
          if (error instanceof BackendUnreachableError || isTimeout(error)) unreachable = true;
          else this.log(`no patch preview for log ${id}: ${describeError(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 2 }, worker));
  }

  /** Fetches and caches one preview; concurrent asks for the same log share one request. */
  private fetch(logId: string, version: number, client: BackendClient): Promise<void> {
    const running = this.inFlight.get(logId);
    if (running) return running;
    const { repos } = this.options;
    const pluginVersion = repos.previews.pluginVersionOf(logId);
    const request = client
      .preview(logId, { attempts: 1, signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000) })
      .then(
        (preview) => {
          this.refusals.delete(logId);
          if (!this.closed && repos.cache.sql.open) repos.previews.put(preview, { pluginVersion, fetchedAt: new Date(this.now()).toISOString() });
        },
        (error: unknown) => {
          if (error instanceof BackendHttpError || !(error instanceof BackendUnreachableError || isTimeout(error))) this.remember(logId, version, problemOf(error));
          throw error;
        },
      )
      .finally(() => this.inFlight.delete(logId));
    this.inFlight.set(logId, request);
    return request;
  }

  private remember(logId: string, version: number, problem: PreviewProblem): void {
    if (this.refusals.size >= MAX_REFUSALS) this.refusals.delete(this.refusals.keys().next().value!);
    this.refusals.set(logId, { version, until: this.now() + (this.options.retryAfterMs ?? 60_000), problem });
  }
}

function answer(cached: CachedPreview | undefined, problem: PreviewProblem | null): LogPreview {
  return { preview: cached?.preview ?? null, fetchedAt: cached?.fetchedAt ?? null, current: cached?.current ?? false, problem };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** What the pane says when the backend could not give a preview. */
function problemOf(error: unknown): PreviewProblem {
  if (error instanceof BackendHttpError) {
    const what = error.status === 404 ? 'has no preview for this log' : `refused the preview (${error.status})`;
    return { reason: 'refused', message: `The backend ${what}: ${error.message}` };
  }
  if (error instanceof BackendUnreachableError || isTimeout(error)) {
    return { reason: 'offline', message: 'The backend cannot be reached.' };
  }
  return { reason: 'refused', message: `The preview could not be read: ${describeError(error)}` };
}
