import { shownRate } from '../../src-shared/domain/sdk-patch-rules.js';
import type { PatchFieldStats, PatchFieldStatsResponse, UnpatchedLookup } from '../../src-shared/schemas/sdk-field.js';
import type { Queryable } from '../db/database.js';

/** Patches the field figures cover at most (the most applied first, then the newest). */
export const MAX_FIELD_STATS_PATCHES = 5000;
/** Unanswered error groups listed at most (the most frequent first). */
export const MAX_UNPATCHED_GROUPS = 100;

// Per patch: its applications in the runbook's windows (7 days, 24 hours, 1 hour), the lookups it
// answered in the last hour, and its newest application or answered lookup. $2 is the read's clock.
// The applications of the 7 days are read once through the time index and grouped; the lookups of the
// hour and "last seen" are probes of the (patch_id, time) indexes per patch, so no read goes through
// a table's whole history.
const PATCH_FIGURES_SQL = `
  WITH applications AS (
    SELECT patch_id,
           count(*) AS applications_7d,
           count(*) FILTER (WHERE success) AS successes_7d,
           count(*) FILTER (WHERE applied_at > $2::timestamptz - INTERVAL '24 hours') AS applications_24h,
           count(*) FILTER (WHERE applied_at > $2::timestamptz - INTERVAL '24 hours' AND rollback_triggered) AS rollbacks_24h,
           count(*) FILTER (WHERE applied_at > $2::timestamptz - INTERVAL '1 hour') AS applications_1h,
           count(*) FILTER (WHERE applied_at > $2::timestamptz - INTERVAL '1 hour' AND NOT success) AS failures_1h
      FROM sdk_patch_applications
     WHERE patch_id IS NOT NULL AND applied_at > $2::timestamptz - INTERVAL '7 days'
     GROUP BY patch_id
  )
  SELECT p.id AS patch_id,
         coalesce(a.applications_7d, 0) AS applications_7d,
         coalesce(a.successes_7d, 0) AS successes_7d,
         coalesce(a.applications_24h, 0) AS applications_24h,
         coalesce(a.rollbacks_24h, 0) AS rollbacks_24h,
         coalesce(a.applications_1h, 0) AS applications_1h,
         coalesce(a.failures_1h, 0) AS failures_1h,
         l.lookups_1h,
         greatest(last_application.at, last_lookup.at) AS last_seen_at
    FROM sdk_self_healing_registry p
    LEFT JOIN applications a ON a.patch_id = p.id
    CROSS JOIN LATERAL (
      SELECT count(*) AS lookups_1h
        FROM sdk_self_heal_lookups
       WHERE patch_id = p.id AND looked_up_at > $2::timestamptz - INTERVAL '1 hour'
    ) l
    LEFT JOIN LATERAL (
      SELECT applied_at AS at FROM sdk_patch_applications WHERE patch_id = p.id ORDER BY applied_at DESC LIMIT 1
    ) last_application ON true
    LEFT JOIN LATERAL (
      SELECT looked_up_at AS at FROM sdk_self_heal_lookups WHERE patch_id = p.id ORDER BY looked_up_at DESC LIMIT 1
    ) last_lookup ON true
   ORDER BY applications_7d DESC, p.created_at DESC, p.id
   LIMIT $1`;

// Lookups no patch answered over 7 days, grouped by what a patch would match on.
const UNPATCHED_SQL = `
  SELECT sdk_language, status, error_code, left(error_message, 100) AS error_pattern,
         count(*) AS occurrences, count(DISTINCT developer_id) AS developers, max(looked_up_at) AS last_seen_at
    FROM sdk_self_heal_lookups
   WHERE patch_id IS NULL AND looked_up_at > $2::timestamptz - INTERVAL '7 days'
   GROUP BY sdk_language, status, error_code, left(error_message, 100)
   ORDER BY occurrences DESC, last_seen_at DESC, sdk_language, error_pattern, status NULLS LAST, error_code NULLS LAST
   LIMIT $1`;

type PatchCounts = Omit<PatchFieldStats, 'success_rate_7d' | 'rollback_rate_24h' | 'failure_rate_1h'>;

/**
 * The database's clock, read once: every query of a read measures its windows from it (rather than
 * from each statement's own `now()`), so the figures of one answer line up.
 */
export async function databaseNow(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ now: string }>('SELECT now() AS now');
  return rows[0]!.now;
}

/** What every patch does in the field, and the errors no patch answered, as of the database's clock now. */
export async function readFieldStats(db: Queryable): Promise<PatchFieldStatsResponse> {
  const now = await databaseNow(db);
  const patches = await db.query<PatchCounts>(PATCH_FIGURES_SQL, [MAX_FIELD_STATS_PATCHES, now]);
  const unpatched = await db.query<UnpatchedLookup>(UNPATCHED_SQL, [MAX_UNPATCHED_GROUPS, now]);
  return {
    computed_at: now,
    patches: patches.rows.map((row) => ({
      ...row,
      // A success or failure rate needs one application; a rollback rate needs more than ten (the runbook's HAVING).
      success_rate_7d: shownRate(row.successes_7d, row.applications_7d, 0),
      rollback_rate_24h: shownRate(row.rollbacks_24h, row.applications_24h),
      failure_rate_1h: shownRate(row.failures_1h, row.applications_1h, 0),
    })),
    unpatched: unpatched.rows,
  };
}
