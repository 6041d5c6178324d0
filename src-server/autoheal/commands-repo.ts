import type { Command, CommandType } from '../../src-shared/schemas/commands.js';
import type { Queryable } from '../db/database.js';

/** The columns of the Command contract (updated_at stays internal). */
const COLUMNS =
  'id, plugin_id, healing_log_id, command_type, payload, priority, status, attempts, max_attempts, lease_expires_at, result, error, created_at, acked_at, version';
const COLUMNS_OF = (alias: string) =>
  COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');

/** What a caller needs to queue a command for a plugin. */
export interface EnqueueCommandInput {
  pluginId: string;
  /** The healing log the command carries out (apply/rollback), or null for staff commands. */
  healingLogId: string | null;
  type: CommandType;
  payload: Record<string, unknown>;
  /** Higher first when the plugin polls. */
  priority: number;
}

/**
 * Queues a command for a plugin; it waits as `pending` until the plugin polls. `created_at` is the
 * clock at the insert, not the transaction's start, so commands queued by one transaction (a
 * cascading rollback's) are handed out in the order they were queued.
 */
export async function enqueueCommand(db: Queryable, input: EnqueueCommandInput): Promise<Command> {
  const { rows } = await db.query<Command>(
    `INSERT INTO plugin_commands (plugin_id, healing_log_id, command_type, payload, priority, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, clock_timestamp()) RETURNING ${COLUMNS}`,
    [input.pluginId, input.healingLogId, input.type, JSON.stringify(input.payload), input.priority],
  );
  return rows[0]!;
}

/** A command by id, locked for the rest of the transaction; undefined when there is none. */
export async function lockCommand(db: Queryable, id: string): Promise<Command | undefined> {
  const { rows } = await db.query<Command>(`SELECT ${COLUMNS} FROM plugin_commands WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

const byQueueOrder = (a: Command, b: Command) =>
  b.priority - a.priority || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);

/**
 * Marks as `expired` the commands (of one plugin, or of every plugin when `pluginId` is null) whose
 * lease ran out after their last allowed attempt, and returns them. Rows another poll holds are
 * skipped; that poll handles them.
 */
export async function expireExhaustedCommands(tx: Queryable, pluginId: string | null): Promise<Command[]> {
  const { rows } = await tx.query<Command>(
    `WITH exhausted AS (
       SELECT id FROM plugin_commands
        WHERE ($1::text IS NULL OR plugin_id = $1) AND status = 'leased' AND lease_expires_at < now() AND attempts >= max_attempts
        FOR UPDATE SKIP LOCKED
     )
     UPDATE plugin_commands c
        SET status = 'expired', error = 'plugin did not acknowledge within ' || c.attempts || ' attempts',
            updated_at = now(), version = c.version + 1
       FROM exhausted WHERE c.id = exhausted.id
     RETURNING ${COLUMNS_OF('c')}`,
    [pluginId],
  );
  return rows.sort(byQueueOrder);
}

/**
 * Leases up to `limit` of the plugin's commands that are pending or whose lease ran out, highest
 * priority first, then oldest. `SKIP LOCKED` lets concurrent polls (several server processes, a
 * plugin polling twice) each take different commands instead of waiting or sharing one.
 *
 * An `apply_patch` queued after a `rollback` the plugin has not acknowledged yet waits for it, even
 * when its priority is higher (a critical apply): the rollback restores a whole snapshot, so run
 * after the apply it would silently undo it.
 */
export async function claimCommands(tx: Queryable, pluginId: string, limit: number, leaseSeconds: number): Promise<Command[]> {
  const { rows } = await tx.query<Command>(
    `WITH claimable AS (
       SELECT id FROM plugin_commands c
        WHERE plugin_id = $1
          AND (status = 'pending' OR (status = 'leased' AND lease_expires_at < now() AND attempts < max_attempts))
          AND NOT (command_type = 'apply_patch' AND EXISTS (
                SELECT 1 FROM plugin_commands r
                 WHERE r.plugin_id = $1 AND r.command_type = 'rollback' AND r.status IN ('pending', 'leased')
                   AND (r.created_at, r.id) < (c.created_at, c.id)))
        ORDER BY priority DESC, created_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     )
     UPDATE plugin_commands c
        SET status = 'leased', lease_expires_at = now() + make_interval(secs => $3),
            attempts = c.attempts + 1, updated_at = now(), version = c.version + 1
       FROM claimable WHERE c.id = claimable.id
     RETURNING ${COLUMNS_OF('c')}`,
    [pluginId, limit, leaseSeconds],
  );
  return rows.sort(byQueueOrder);
}

/**
 * The plugin's open commands (pending, or leased and not yet acknowledged) in the order a poll hands
 * them out, without leasing them: what staff see when they look at a plugin's queue.
 */
export async function listOpenCommands(db: Queryable, pluginId: string, limit: number): Promise<Command[]> {
  const { rows } = await db.query<Command>(
    `SELECT ${COLUMNS} FROM plugin_commands
      WHERE plugin_id = $1 AND status IN ('pending', 'leased')
      ORDER BY priority DESC, created_at, id
      LIMIT $2`,
    [pluginId, limit],
  );
  return rows;
}

/** Records the plugin's acknowledgement of a leased command. */
export async function acknowledgeCommand(
  tx: Queryable,
  id: string,
  ack: { success: boolean; result?: Record<string, unknown>; error?: string },
): Promise<Command> {
  const { rows } = await tx.query<Command>(
    `UPDATE plugin_commands
        SET status = $2, result = $3::jsonb, error = $4, acked_at = now(), updated_at = now(), version = version + 1
      WHERE id = $1
     RETURNING ${COLUMNS}`,
    [id, ack.success ? 'succeeded' : 'failed', ack.result === undefined ? null : JSON.stringify(ack.result), ack.error ?? null],
  );
  return rows[0]!;
}

/** Filters and keyset position for the staff list (newest first). */
export interface CommandListFilter {
  pluginId?: string;
  statuses?: string[];
  healingLogId?: string;
  /** Where the previous page ended (from `next` of that page). */
  after?: CommandListPosition | null;
  limit: number;
}

/** A row's place in the list: its `created_at` at full (microsecond) precision, and its id. */
export type CommandListPosition = [createdAt: string, id: string];

/** One page of commands, newest first, and where the next page starts (null on the last page). */
export async function listCommands(
  db: Queryable,
  filter: CommandListFilter,
): Promise<{ items: Command[]; next: CommandListPosition | null }> {
  // created_at goes out as text: the ISO strings rows carry stop at milliseconds, and a cursor
  // that loses the microseconds would skip rows created within the same millisecond.
  const { rows } = await db.query<Command & { position_at: string }>(
    `SELECT ${COLUMNS}, created_at::text AS position_at FROM plugin_commands
      WHERE ($1::text IS NULL OR plugin_id = $1)
        AND ($2::text[] IS NULL OR status = ANY ($2::text[]))
        AND ($3::uuid IS NULL OR healing_log_id = $3)
        AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $6`,
    [
      filter.pluginId ?? null,
      filter.statuses ?? null,
      filter.healingLogId ?? null,
      filter.after?.[0] ?? null,
      filter.after?.[1] ?? null,
      filter.limit + 1,
    ],
  );
  const items = rows.slice(0, filter.limit).map(({ position_at: _position, ...command }) => command);
  const last = rows.length > filter.limit ? rows[filter.limit - 1]! : undefined;
  return { items, next: last ? [last.position_at, last.id] : null };
}
