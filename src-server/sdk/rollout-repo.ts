import { rolloutStepStats } from '../../src-shared/domain/patch-rollout.js';
import type { Rollout } from '../../src-shared/schemas/rollout.js';
import type { Queryable } from '../db/database.js';

/** A rollout as stored: the row behind a `Rollout`, with the share it served when it halted. */
export type RolloutRow = Omit<Rollout, 'step_stats'> & { id: string; halted_share_pct: number | null };

type RolloutWithCounts = RolloutRow & { applications: number; successes: number; rollbacks: number };

const COLUMNS = `id, patch_id, version, previous_version, state, steps, step_index, share_pct, halted_share_pct, min_applications,
  halted_reason, started_at, step_started_at, updated_at, ended_at, updated_by_name`;

// The current step's applications: reports of the rollout's version applied since the step began.
const STEP_COUNTS = `CROSS JOIN LATERAL (
    SELECT count(*) AS applications,
           count(*) FILTER (WHERE a.success) AS successes,
           count(*) FILTER (WHERE a.rollback_triggered) AS rollbacks
      FROM sdk_patch_applications a
     WHERE a.patch_id = l.patch_id AND a.patch_version = l.version AND a.patch_applied AND a.applied_at >= l.step_started_at
  ) s`;

/** The answer shape: the row with its current step's figures, without the storage-only columns. */
export function rolloutOf(row: RolloutWithCounts): Rollout {
  const { id: _id, halted_share_pct: _halted, applications, successes, rollbacks, ...rollout } = row;
  return { ...rollout, step_stats: rolloutStepStats({ applications, successes, rollbacks }) };
}

/** The latest rollout of a patch (null: none); `lock` holds it for the rest of the transaction. */
export async function latestRollout(db: Queryable, patchId: string, lock = false): Promise<RolloutRow | null> {
  const { rows } = await db.query<RolloutRow>(
    `SELECT ${COLUMNS} FROM sdk_patch_rollouts WHERE patch_id = $1 ORDER BY started_at DESC, version DESC LIMIT 1${lock ? ' FOR UPDATE' : ''}`,
    [patchId],
  );
  return rows[0] ?? null;
}

/** A rollout row with its current step's figures. */
export async function withStepStats(db: Queryable, row: RolloutRow): Promise<Rollout> {
  const { rows } = await db.query<RolloutWithCounts>(
    `SELECT l.*, s.applications, s.successes, s.rollbacks FROM (SELECT ${COLUMNS} FROM sdk_patch_rollouts WHERE id = $1) l ${STEP_COUNTS}`,
    [row.id],
  );
  return rolloutOf(rows[0]!);
}

/** The latest rollout of every patch (or of one), most recently changed first, with their step figures. */
export async function listLatestRollouts(db: Queryable, patchId: string | null = null): Promise<Rollout[]> {
  const { rows } = await db.query<RolloutWithCounts>(
    `WITH l AS (
       SELECT DISTINCT ON (patch_id) ${COLUMNS} FROM sdk_patch_rollouts
        WHERE ($1::uuid IS NULL OR patch_id = $1)
        ORDER BY patch_id, started_at DESC, version DESC
     )
     SELECT l.*, s.applications, s.successes, s.rollbacks FROM l ${STEP_COUNTS}
      ORDER BY l.updated_at DESC, l.patch_id`,
    [patchId],
  );
  return rows.map(rolloutOf);
}

/**
 * Starts the rollout of a just-approved version at its first step; steps `[100]` complete at once.
 * `previousVersion` is what developers outside the share keep (null: nothing).
 */
export async function insertRollout(
  db: Queryable,
  start: { patchId: string; version: number; previousVersion: number | null; steps: readonly number[]; minApplications: number; by: string | null },
): Promise<RolloutRow> {
  const completed = start.steps.length === 1;
  const { rows } = await db.query<RolloutRow>(
    `INSERT INTO sdk_patch_rollouts (patch_id, version, previous_version, state, steps, step_index, share_pct, min_applications, ended_at, updated_by_name)
     VALUES ($1, $2, $3, $4, $5::jsonb, 0, $6, $7, CASE WHEN $8 THEN now() END, $9)
     RETURNING ${COLUMNS}`,
    [
      start.patchId,
      start.version,
      start.previousVersion,
      completed ? 'completed' : 'rolling',
      JSON.stringify(start.steps),
      start.steps[0],
      start.minApplications,
      completed,
      start.by,
    ],
  );
  return rows[0]!;
}

/** The changes a rollout may go through; each writes the row, touches its patch and returns the new row. */
export type RolloutChange =
  | { kind: 'advance' }
  | { kind: 'hold' }
  | { kind: 'resume' }
  | { kind: 'halt'; reason: string };

/**
 * Applies `change` to the rollout `row` (whose lock the caller holds); `by` is the reviewer's name
 * (null for the automatic evaluation). Advancing past the last step completes the rollout. The patch
 * row is touched too, so the change feed carries the change and every server reloads what it serves.
 */
export async function changeRollout(db: Queryable, row: RolloutRow, change: RolloutChange, by: string | null): Promise<RolloutRow> {
  let sql: string;
  let params: unknown[];
  if (change.kind === 'advance') {
    const next = row.step_index + 1;
    const last = next >= row.steps.length - 1;
    sql = `UPDATE sdk_patch_rollouts SET step_index = $2, share_pct = $3, step_started_at = now(), updated_at = now(),
             state = CASE WHEN $4 THEN 'completed' ELSE state END, ended_at = CASE WHEN $4 THEN now() END, updated_by_name = COALESCE($5, updated_by_name)
           WHERE id = $1 RETURNING ${COLUMNS}`;
    params = [row.id, Math.min(next, row.steps.length - 1), row.steps[Math.min(next, row.steps.length - 1)], last, by];
  } else if (change.kind === 'halt') {
    sql = `UPDATE sdk_patch_rollouts SET state = 'halted', halted_share_pct = share_pct, share_pct = 0, halted_reason = $2,
             ended_at = now(), updated_at = now(), updated_by_name = COALESCE($3, updated_by_name)
           WHERE id = $1 RETURNING ${COLUMNS}`;
    params = [row.id, change.reason, by];
  } else {
    sql = `UPDATE sdk_patch_rollouts SET state = $2, updated_at = now(), updated_by_name = COALESCE($3, updated_by_name)
           WHERE id = $1 RETURNING ${COLUMNS}`;
    params = [row.id, change.kind === 'hold' ? 'held' : 'rolling', by];
  }
  const { rows } = await db.query<RolloutRow>(sql, params);
  await db.query('UPDATE sdk_self_healing_registry SET updated_at = now() WHERE id = $1', [row.patch_id]);
  return rows[0]!;
}

/** The counts of a rollout's current step, read under the caller's lock. */
export async function stepCounts(db: Queryable, row: RolloutRow): Promise<{ applications: number; successes: number; rollbacks: number }> {
  const { rows } = await db.query<{ applications: number; successes: number; rollbacks: number }>(
    `SELECT count(*) AS applications, count(*) FILTER (WHERE success) AS successes, count(*) FILTER (WHERE rollback_triggered) AS rollbacks
       FROM sdk_patch_applications
      WHERE patch_id = $1 AND patch_version = $2 AND patch_applied AND applied_at >= $3`,
    [row.patch_id, row.version, row.step_started_at],
  );
  return rows[0]!;
}
