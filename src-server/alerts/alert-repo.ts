import type { SelfHealAlert, SelfHealAlertName } from '../../src-shared/schemas/self-heal-alerts.js';
import type { Queryable } from '../db/database.js';
import type { OpenEpisode } from './alert-episodes.js';

/** An open episode as stored, with what identifies it. */
export interface StoredEpisode extends OpenEpisode {
  id: string;
  name: SelfHealAlertName;
  patchId: string | null;
}

/** What an evaluation writes for an episode that starts. */
export interface NewEpisode extends OpenEpisode {
  name: SelfHealAlertName;
  severity: 'warning' | 'critical';
  patchId: string | null;
  threshold: number;
  value: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** How long resolved alerts are listed. */
const RESOLVED_LISTED_DAYS = 7;
const LISTED_AT_MOST = 500;

/**
 * Records `now` as the latest evaluation, unless an evaluation at the same or a later time was already
 * recorded: then this one is stale (another process got there first) and must write nothing.
 * The row lock it takes serializes evaluators until the transaction ends.
 */
export async function claimEvaluation(tx: Queryable, now: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO self_heal_alert_evaluations (id, evaluated_at) VALUES (true, $1)
     ON CONFLICT (id) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at
      WHERE self_heal_alert_evaluations.evaluated_at < EXCLUDED.evaluated_at
     RETURNING evaluated_at`,
    [now.toISOString()],
  );
  return rows.length === 1;
}

/** When alerts were last evaluated (null: never). */
export async function lastEvaluation(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ evaluated_at: string }>('SELECT evaluated_at FROM self_heal_alert_evaluations');
  return rows[0]?.evaluated_at ?? null;
}

/** The episodes not yet resolved, locked for the rest of the transaction. */
export async function openEpisodes(tx: Queryable): Promise<StoredEpisode[]> {
  const { rows } = await tx.query<{ id: string; name: SelfHealAlertName; patch_id: string | null; state: 'pending' | 'firing'; active_at: string; fired_at: string | null }>(
    `SELECT id, name, patch_id, state, active_at, fired_at FROM self_heal_alerts WHERE state <> 'resolved' FOR UPDATE`,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    patchId: row.patch_id,
    state: row.state,
    activeAt: Date.parse(row.active_at),
    firedAt: row.fired_at === null ? null : Date.parse(row.fired_at),
  }));
}

export async function insertEpisode(tx: Queryable, episode: NewEpisode, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO self_heal_alerts (name, severity, patch_id, state, value, threshold, active_at, fired_at, last_evaluated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [episode.name, episode.severity, episode.patchId, episode.state, episode.value, episode.threshold, iso(episode.activeAt), iso(episode.firedAt), now.toISOString()],
  );
}

/** An open episode goes on: its state (pending may turn firing), the value measured now. */
export async function updateEpisode(tx: Queryable, id: string, episode: OpenEpisode, value: number | null, now: Date): Promise<void> {
  await tx.query(`UPDATE self_heal_alerts SET state = $2, fired_at = $3, value = $4, last_evaluated_at = $5 WHERE id = $1`, [
    id,
    episode.state,
    iso(episode.firedAt),
    value,
    now.toISOString(),
  ]);
}

/** A firing episode ends; it keeps the value it last had while its condition held, as Prometheus does. */
export async function resolveEpisode(tx: Queryable, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE self_heal_alerts SET state = 'resolved', resolved_at = $2, last_evaluated_at = $2 WHERE id = $1`, [id, now.toISOString()]);
}

/** A pending episode whose condition cleared never happened as an alert. */
export async function deleteEpisode(tx: Queryable, id: string): Promise<void> {
  await tx.query('DELETE FROM self_heal_alerts WHERE id = $1', [id]);
}

/** Pending and firing alerts, and those resolved in the last 7 days (the latest 500), newest first. */
export async function listAlerts(db: Queryable): Promise<SelfHealAlert[]> {
  const { rows } = await db.query<SelfHealAlert>(
    `SELECT id, name, severity, patch_id, state, value, threshold, active_at, fired_at, resolved_at, last_evaluated_at
       FROM (SELECT * FROM self_heal_alerts WHERE state <> 'resolved'
             UNION ALL
             (SELECT * FROM self_heal_alerts
               WHERE state = 'resolved' AND resolved_at > now() - make_interval(days => $1)
               ORDER BY resolved_at DESC
               LIMIT $2)) listed
      ORDER BY active_at DESC, id`,
    [RESOLVED_LISTED_DAYS, LISTED_AT_MOST],
  );
  return rows;
}

/** How many alerts fire now, by name. */
export async function firingCounts(db: Queryable): Promise<Map<SelfHealAlertName, number>> {
  const { rows } = await db.query<{ name: SelfHealAlertName; n: number }>(
    `SELECT name, count(*) AS n FROM self_heal_alerts WHERE state = 'firing' GROUP BY name`,
  );
  return new Map(rows.map((row) => [row.name, row.n]));
}
