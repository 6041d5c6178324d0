import type { Runbook } from '../../src-shared/schemas/sdk-field.js';
import type { Queryable } from '../db/database.js';
import { databaseNow } from './field-stats.js';

/** Rows a runbook table without a LIMIT of its own returns at most. */
export const MAX_RUNBOOK_ROWS = 100;

// The SDK runbook's queries (docs: "Runbook — Self-Healing SDKs", Monitoring and Troubleshooting), as
// written there except for: the patch id selected where they group by patch; the read's clock ($1)
// for NOW(), so the six tables share one; float8 rates; a tie-breaker after each ORDER BY, so equal
// counts always come in the same order; a LIMIT on the two queries that have none. A test runs the
// runbook's own text on the same data and compares.
const MOST_USED_SQL = `
  SELECT
    p.id AS patch_id,
    p.sdk_language,
    p.error_signature,
    p.description,
    COUNT(a.id) as applications,
    AVG(CASE WHEN a.success THEN 1.0 ELSE 0.0 END)::float8 as success_rate
  FROM sdk_self_healing_registry p
  LEFT JOIN sdk_patch_applications a ON p.id = a.patch_id
  WHERE a.applied_at > $1::timestamptz - INTERVAL '7 days'
  GROUP BY p.id, p.sdk_language, p.error_signature, p.description
  ORDER BY applications DESC, p.id
  LIMIT 10`;

const ROLLBACK_RATES_SQL = `
  SELECT
    p.id AS patch_id,
    p.description,
    COUNT(*) as total_applications,
    SUM(CASE WHEN a.rollback_triggered THEN 1 ELSE 0 END) as rollbacks,
    (SUM(CASE WHEN a.rollback_triggered THEN 1 ELSE 0 END)::FLOAT / COUNT(*)::FLOAT * 100) as rollback_rate
  FROM sdk_self_healing_registry p
  JOIN sdk_patch_applications a ON p.id = a.patch_id
  WHERE a.applied_at > $1::timestamptz - INTERVAL '24 hours'
  GROUP BY p.id, p.description
  HAVING COUNT(*) > 10
  ORDER BY rollback_rate DESC, p.id
  LIMIT ${MAX_RUNBOOK_ROWS}`;

const ERRORS_PER_DEVELOPER_SQL = `
  SELECT
    developer_id,
    sdk_language,
    COUNT(*) as total_patches_applied,
    SUM(CASE WHEN success THEN 1 ELSE 0 END) as successful
  FROM sdk_patch_applications
  WHERE applied_at > $1::timestamptz - INTERVAL '7 days'
  GROUP BY developer_id, sdk_language
  ORDER BY total_patches_applied DESC, developer_id, sdk_language
  LIMIT 20`;

const ACTIVE_PATCHES_SQL = 'SELECT COUNT(*) AS active_patches FROM sdk_self_healing_registry WHERE active = true';

const FAILING_LAST_HOUR_SQL = `
  SELECT p.id AS patch_id, p.description, COUNT(*) as failures
  FROM sdk_self_healing_registry p
  JOIN sdk_patch_applications a ON p.id = a.patch_id
  WHERE a.success = false
    AND a.applied_at > $1::timestamptz - INTERVAL '1 hour'
  GROUP BY p.id, p.description
  ORDER BY failures DESC, p.id
  LIMIT ${MAX_RUNBOOK_ROWS}`;

const UNPATCHED_ERRORS_SQL = `
  SELECT
    sdk_language,
    LEFT(error_encountered, 100) as error_pattern,
    COUNT(*) as occurrences
  FROM sdk_patch_applications
  WHERE patch_applied = false
    AND applied_at > $1::timestamptz - INTERVAL '7 days'
  GROUP BY sdk_language, LEFT(error_encountered, 100)
  ORDER BY occurrences DESC, error_pattern, sdk_language
  LIMIT 20`;

/** The SDK runbook's six queries, as of the database's clock now. */
export async function readRunbook(db: Queryable): Promise<Runbook> {
  const now = await databaseNow(db);
  const [mostUsed, rollbackRates, perDeveloper, active, failing, unpatched] = await Promise.all([
    db.query<Runbook['most_used'][number]>(MOST_USED_SQL, [now]),
    db.query<Runbook['rollback_rates'][number]>(ROLLBACK_RATES_SQL, [now]),
    db.query<Runbook['errors_per_developer'][number]>(ERRORS_PER_DEVELOPER_SQL, [now]),
    db.query<{ active_patches: number }>(ACTIVE_PATCHES_SQL),
    db.query<Runbook['failing_last_hour'][number]>(FAILING_LAST_HOUR_SQL, [now]),
    db.query<Runbook['unpatched_errors'][number]>(UNPATCHED_ERRORS_SQL, [now]),
  ]);
  return {
    computed_at: now,
    most_used: mostUsed.rows,
    rollback_rates: rollbackRates.rows,
    errors_per_developer: perDeveloper.rows,
    active_patches: active.rows[0]!.active_patches,
    failing_last_hour: failing.rows,
    unpatched_errors: unpatched.rows,
  };
}
