import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';

const COALESCE_MS = 50;

/**
 * Turns the database's `molam_sync` notifications (sent by the change-feed trigger on commit, from
 * any server process) into coalesced nudges for SSE subscribers.
 */
export class SyncNudger {
  private readonly listeners = new Set<(cursor: number) => void>();
  private started: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  /**
   * LISTENs once. A LISTEN that failed (the database unreachable) is tried again by the next stream
   * rather than remembered. After a lost LISTEN connection comes back, the database layer calls the
   * listener too, so every stream is nudged to read the feed for what it may have missed.
   */
  start(): Promise<void> {
    this.started ??= this.db.listen('molam_sync', () => this.schedule()).then(
      (unlisten) => {
        this.unlisten = unlisten;
      },
      (error: unknown) => {
        this.started = undefined;
        throw error;
      },
    );
    return this.started;
  }

  subscribe(listener: (cursor: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async currentCursor(): Promise<number> {
    const { rows } = await this.db.query<{ cursor: number | null }>('SELECT max(cursor) AS cursor FROM sync_changes');
    return rows[0]?.cursor ?? 0;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.listeners.size === 0) return;
      this.currentCursor().then(
        (cursor) => {
          for (const listener of this.listeners) listener(cursor);
        },
        (error: unknown) => this.log.warn({ err: error }, 'could not read the change-feed cursor'),
      );
    }, COALESCE_MS);
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
    await this.unlisten?.();
  }
}
