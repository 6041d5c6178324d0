import type { Platform } from '../../src-shared/schemas/common.js';
import type { Queryable } from '../db/database.js';

/** What the event hot path needs to know of a plugin: who owns it and which platform it runs on. */
export interface PluginOwner {
  id: string;
  merchant_id: string;
  cms: Platform;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

/**
 * An in-memory map from plugin id to owner and platform, so ingesting an event costs no lookup
 * query. A plugin's merchant and platform never change once registered (re-registration keeps
 * both), so entries only expire to bound memory and to pick up rows changed around the API.
 * Unknown ids are not remembered: a plugin may register a moment later.
 */
export class PluginDirectory {
  private readonly entries = new Map<string, { owner: PluginOwner; until: number }>();
  // Concurrent misses for one plugin share one query.
  private readonly loading = new Map<string, Promise<PluginOwner | null>>();

  constructor(private readonly db: Queryable) {}

  async get(id: string): Promise<PluginOwner | null> {
    const entry = this.entries.get(id);
    if (entry && entry.until > Date.now()) return entry.owner;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async load(id: string): Promise<PluginOwner | null> {
    const { rows } = await this.db.query<PluginOwner>('SELECT id, merchant_id, cms FROM plugins WHERE id = $1', [id]);
    const owner = rows[0] ?? null;
    if (owner) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { owner, until: Date.now() + TTL_MS });
    }
    return owner;
  }
}
