import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { compilePatch, type CompiledPatch } from '../../src-shared/patch-engine/matcher.js';
import type { ServedPatch } from '../../src-shared/schemas/sdk.js';
import { servedFor, servedVersionsSql, servingRolloutOf, type PatchServing, type ServingColumns } from './rollout-serving.js';

/** An active version as loaded: what is served, and when it was approved (the matcher's tie-break). */
export type ActiveVersionRow = ServedPatch & { reviewed_at: string | null };

/** Change-feed entities whose changes alter what the registry serves. */
const REGISTRY_ENTITIES = new Set(['sdk_patch', 'sdk_patch_version']);
// Rollout changes touch their patch row, so they arrive as `sdk_patch` changes.

// The active versions and, while a rollout runs, the previous versions served outside its share.
const SERVED_VERSIONS_SQL = `${servedVersionsSql(
  `v.patch_id, v.version, v.sdk_language, v.error_signature, v.description, v.severity, v.match, v.actions,
         v.patch_code, v.rollback_code, v.content_hash, v.signature, v.key_id, v.expires_at, v.reviewed_at`,
)}
     AND v.expires_at > now()`;

/** What the lookup serves from a loaded row (everything but the approval time). */
export function servedPatchOf(row: ActiveVersionRow): ServedPatch {
  const { reviewed_at: _reviewedAt, ...served } = row;
  return served;
}

/**
 * The active patch versions, compiled and held in memory by SDK language, so a self-heal lookup
 * never queries the registry. Local writes invalidate it at once; writes by other server processes
 * arrive through the change-feed trigger's `molam_sync` notifications; a short TTL covers a missed
 * notification (a dropped listening connection, a hand-edited table).
 */
export class ActivePatchCache {
  private byLanguage = new Map<string, Map<string, PatchServing<ActiveVersionRow>>>();
  private loadedAt = 0;
  /** Bumped by every invalidation; the cache is fresh when it reflects the current generation. */
  private generation = 0;
  private loadedGeneration = -1;
  private loading: Promise<void> | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly ttlMs = 5_000,
  ) {}

  /** Subscribes to registry changes made by any process. */
  async start(): Promise<void> {
    this.unlisten = await this.db.listen('molam_sync', (entity) => {
      // `*`: the listening connection was lost and is back; what changed meanwhile is unknown.
      if (entity === '*' || REGISTRY_ENTITIES.has(entity)) this.invalidate();
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.unlisten = undefined;
  }

  /** The registry changed: the next lookup reloads before answering. */
  invalidate(): void {
    this.generation += 1;
  }

  /** The patches served for one SDK language, reloaded first when the registry changed. */
  private async servingOf(language: string): Promise<ReadonlyMap<string, PatchServing<ActiveVersionRow>>> {
    // A load that started before the latest invalidation may have read old rows: load again.
    for (let attempt = 0; attempt < 3 && this.loadedGeneration !== this.generation; attempt += 1) {
      await this.reload();
    }
    const now = Date.now();
    if (!this.loading && now - this.loadedAt > this.ttlMs) {
      // Serve the current set meanwhile; a failed refresh is retried one TTL later, not on every request.
      this.loadedAt = now;
      this.reload().catch((error: unknown) => this.log.warn({ err: error }, 'self-heal: refreshing active patches failed'));
    }
    return this.byLanguage.get(language) ?? new Map();
  }

  /**
   * The versions one developer is served for one SDK language: what both the self-heal lookup and
   * the active patch set answer from. Per patch, a running rollout serves its version inside its
   * share and the previous version outside it (see `servedVersionOf`); answered from memory.
   */
  async candidatesFor(language: string, developerId: string): Promise<readonly CompiledPatch<ActiveVersionRow>[]> {
    const served: CompiledPatch<ActiveVersionRow>[] = [];
    for (const [patchId, serving] of await this.servingOf(language)) {
      const compiled = servedFor(patchId, serving, developerId);
      if (compiled) served.push(compiled);
    }
    return served;
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      const generation = this.generation;
      const { rows } = await this.db.query<ActiveVersionRow & ServingColumns>(SERVED_VERSIONS_SQL);
      const byLanguage = new Map<string, Map<string, PatchServing<ActiveVersionRow>>>();
      for (const row of rows) {
        try {
          const { is_active: isActive, rollout_version: _v, rollout_previous_version: _p, rollout_state: _s, rollout_share_pct: _sh, rollout_halted_share_pct: _h, ...version } = row;
          const compiled = compilePatch(version);
          const patches = byLanguage.get(row.sdk_language) ?? new Map<string, PatchServing<ActiveVersionRow>>();
          const serving = patches.get(row.patch_id) ?? { rollout: servingRolloutOf(row), active: null, previous: null };
          if (isActive) serving.active = compiled;
          else serving.previous = compiled;
          patches.set(row.patch_id, serving);
          byLanguage.set(row.sdk_language, patches);
        } catch (error) {
          // Only a hand-edited row gets here: skip it rather than stop serving every other patch.
          this.log.warn({ err: error, patch_id: row.patch_id, version: row.version }, 'self-heal: active patch has an invalid match; skipped');
        }
      }
      this.byLanguage = byLanguage;
      this.loadedAt = Date.now();
      this.loadedGeneration = generation;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }
}
