import { HealingLogSchema, ProposedPatchSchema } from '../../src-shared/schemas/autoheal.js';
import { JsonObjectInPlaceSchema } from '../../src-shared/schemas/common.js';
import type { Change } from '../../src-shared/schemas/sync.js';
import type { Repositories } from '../cache/repositories/index.js';

/**
 * The healing log as the feed reader checks it: every field of the contract, but the free-form JSON
 * objects are checked in place rather than copied (half the cost of a 100,000-row initial sync).
 * The row is stored as the JSON text it came in, so nothing reads the parsed copy anyway.
 */
const FeedHealingLogSchema = HealingLogSchema.extend({
  proposed_patch: ProposedPatchSchema.extend({ state_changes: JsonObjectInPlaceSchema.optional() }),
  sira_decision: JsonObjectInPlaceSchema,
  patched_state: JsonObjectInPlaceSchema.nullable(),
});

/** A feed row the cache refused (its shape does not match the contract); the rest of the page still applies. */
export interface SkippedChange {
  cursor: number;
  entity: string;
  entityId: string;
  reason: string;
}

/**
 * Applies one page of the change feed to the cache in one transaction (the caller's), and moves
 * the local state of rows with pending decisions (of any kind) back into view afterwards.
 */
export function applyChanges(repos: Repositories, changes: readonly Change[]): { applied: number; skipped: SkippedChange[] } {
  const skipped: SkippedChange[] = [];
  let applied = 0;
  const cmsOf = repos.cache.sql.prepare<[string], { cms: string }>('SELECT cms FROM plugins WHERE id = ?');
  for (const change of changes) {
    try {
      if (change.op === 'delete') {
        if (change.entity === 'healing_log') repos.logs.delete(change.entity_id);
        else repos.entities[change.entity].delete(change.entity_id);
      } else if (change.entity === 'healing_log') {
        repos.logs.upsert(FeedHealingLogSchema.parse(change.data), JSON.stringify(change.data));
      } else if (change.entity === 'plugin') {
        const before = cmsOf.get(change.entity_id)?.cms;
        repos.entities.plugin.upsert(change.data);
        const after = cmsOf.get(change.entity_id)?.cms;
        if (after !== before) repos.logs.setPlatformForPlugin(change.entity_id, after ?? null);
      } else {
        repos.entities[change.entity].upsert(change.data);
      }
      applied++;
    } catch (error) {
      const issues = (error as { issues?: Array<{ path: unknown[]; message: string }> }).issues;
      const reason = issues?.[0] ? `${issues[0].path.join('.')}: ${issues[0].message}` : (error as Error).message;
      skipped.push({ cursor: change.cursor, entity: change.entity, entityId: change.entity_id, reason });
    }
  }
  repos.pendingStates.reconcile();
  return { applied, skipped };
}
