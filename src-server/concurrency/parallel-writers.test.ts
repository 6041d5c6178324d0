import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres, type Database, type Queryable } from '../db/database.js';
import { patchBody } from '../sdk/testing.js';
import { createTestTokens, openTestDatabase, startServerOn } from '../testing/harness.js';
import { SELF_HEAL_CODE, Tally, Workload, mulberry32, sender, type Send } from './parallel-workload.js';

/**
 * Many clients writing at once through two servers that share one PostgreSQL database, as two
 * processes in production would. Lock-order bugs (deadlocks between a row lock and the change
 * feed's advisory lock) and unretried serialization failures show up here as 500s.
 *
 *   PARALLEL_SEED=123 replays the operation choices (the interleaving still depends on timing)
 *   PARALLEL_SECONDS=18, PARALLEL_CLIENTS=28 set the load
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL;
const SECONDS = Number(process.env.PARALLEL_SECONDS ?? 18);
const CLIENTS = Number(process.env.PARALLEL_CLIENTS ?? 28);
if (!DATABASE_URL) console.log('parallel writers test skipped: it needs PostgreSQL (set TEST_DATABASE_URL=postgres://user@host:5432/db)');

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The database as the server sees it, counting every SQLSTATE that reaches the server's code. */
function observed(db: Database, errors: Map<string, number>): Database {
  const note = (error: unknown): never => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) errors.set(code, (errors.get(code) ?? 0) + 1);
    throw error;
  };
  return {
    ...db,
    query: <T>(sql: string, params?: readonly unknown[]) => db.query<T>(sql, params).catch(note),
    transaction: <T>(work: (tx: Queryable) => Promise<T>) => db.transaction(work).catch(note),
  };
}

interface FeedChange {
  cursor: number;
  entity: string;
  entity_id: string;
  data: Record<string, unknown>;
}

/** A console's view of the change feed: pages in cursor order, the last state of every row. */
class FeedReader {
  readonly cursors: number[] = [];
  readonly latest = new Map<string, Record<string, unknown>>();
  readonly problems: string[] = [];

  constructor(
    private readonly send: Send,
    private cursor: number,
  ) {}

  /** Reads one page; returns whether there is more. */
  async page(tally: Tally): Promise<{ more: boolean; read: number }> {
    const path = `/api/v1/sync/changes?since=${this.cursor}&limit=1000`;
    const answer = await this.send('GET', path, 'ops');
    tally.record('feed', 'GET', path, answer);
    if (answer.status !== 200) return { more: false, read: 0 };
    const changes = answer.body.changes as FeedChange[];
    for (const change of changes) {
      const last = this.cursors.at(-1) ?? this.cursor;
      if (change.cursor <= last) this.problems.push(`cursor ${change.cursor} after ${last}`);
      this.cursors.push(change.cursor);
      this.latest.set(`${change.entity}/${change.entity_id}`, change.data);
    }
    this.cursor = answer.body.next_cursor;
    return { more: answer.body.has_more, read: changes.length };
  }

  async drain(tally: Tally): Promise<void> {
    while ((await this.page(tally)).more);
  }
}

describe.skipIf(!DATABASE_URL)('many parallel writers on two servers over one PostgreSQL database', () => {
  const sqlErrors = new Map<string, number>();
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let secondPool: Database;
  let servers: Array<Awaited<ReturnType<typeof startServerOn>>> = [];

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    secondPool = await openPostgres(database.url!);
    await createTestTokens(database.db);
    servers = [await startServerOn(observed(database.db, sqlErrors)), await startServerOn(observed(secondPool, sqlErrors))];
    const send = sender(servers[0]!.baseUrl);
    for (const body of Workload.registrations()) {
      const registered = await send('POST', '/api/v1/plugins/register', 'merchant', body);
      expect(registered.status, JSON.stringify(registered.body)).toBe(200);
    }
    const patch = await send('POST', '/api/dev/patches', 'dev_admin', patchBody(SELF_HEAL_CODE));
    expect(patch.status, JSON.stringify(patch.body)).toBe(201);
    const approved = await send('POST', `/api/dev/patches/${patch.body.patch.id}/versions/1/approve`, 'reviewer', {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await secondPool?.close();
    await database?.db.close();
    if (database?.url) {
      // Closed backends have flushed their statistics: PostgreSQL's own count of deadlocks in this database.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
      await client.end();
      console.log(`PostgreSQL counted ${rows[0]?.deadlocks ?? '?'} deadlock(s) in the test database`);
    }
    await database?.drop();
  });

  it(
    'answers no 5xx and only expected 4xx under a mix of every write, and the change feed misses nothing',
    async () => {
      const seed = Number(process.env.PARALLEL_SEED ?? Date.now() % 1_000_000);
      console.log(`parallel writers seed: ${seed} (replay with PARALLEL_SEED=${seed}); ${CLIENTS} clients over 2 servers for ${SECONDS} s`);
      const tally = new Tally();
      const workload = new Workload(mulberry32(seed), tally);
      const senders = servers.map((s) => sender(s.baseUrl));
      const start = Number((await database.db.query<{ c: number | null }>('SELECT max(cursor) AS c FROM sync_changes')).rows[0]!.c ?? 0);
      const readers = senders.map((send) => new FeedReader(send, start));

      const deadline = Date.now() + SECONDS * 1000;
      const clients = Array.from({ length: CLIENTS }, async (_, i) => {
        while (Date.now() < deadline) await workload.step(senders[i % senders.length]!);
      });
      // One console per server follows the feed while the writes happen.
      const following = readers.map(async (reader) => {
        while (Date.now() < deadline) {
          if (!(await reader.page(tally)).more) await delay(50);
        }
      });
      await Promise.all([...clients, ...following]);
      for (const reader of readers) await reader.drain(tally);

      const writes = tally.total() - tally.count('feed');
      console.log(`${tally.total()} answers (${Math.round(writes / SECONDS)}/s besides the feed):\n  ${tally.lines().join('\n  ')}`);
      const codes = [...sqlErrors].map(([code, n]) => `${code} × ${n}`).join(', ');
      console.log(`database errors that reached the servers' code (each attempt of a retry counts): ${codes || 'none'}`);
      for (const u of tally.unexpected) console.log(`UNEXPECTED ${u.status} on ${u.operation} ${u.method} ${u.path}: ${JSON.stringify(u.body)}`);
      for (const body of tally.failedDispatches) console.log(`FAILED DISPATCH of a plugin.error: ${JSON.stringify(body)}`);

      // The feed: strictly increasing cursors, and every change committed up to the last cursor read was read.
      const { rows: committed } = await database.db.query<{ cursor: number }>(
        'SELECT cursor FROM sync_changes WHERE cursor > $1 AND cursor <= $2 ORDER BY cursor',
        [start, readers[0]!.cursors.at(-1) ?? start],
      );
      for (const reader of readers) {
        expect(reader.problems).toEqual([]);
        expect(reader.cursors).toEqual(committed.map((r) => r.cursor));
      }
      // The last change the feed shows of every synced row is the row as it is now.
      const tables = { healing_log: 'plugin_auto_healing_logs', command: 'plugin_commands', plugin: 'plugins', rule: 'auto_healing_rules', mapping: 'interop_event_mappings' };
      const stale: string[] = [];
      let compared = 0;
      for (const [entity, table] of Object.entries(tables)) {
        const { rows } = await database.db.query<{ id: string; data: Record<string, unknown> }>(`SELECT id::text, to_jsonb(t) AS data FROM ${table} t`);
        for (const row of rows) {
          const seen = readers[0]!.latest.get(`${entity}/${row.id}`);
          // Rows untouched since the run started have no change after `start`.
          if (!seen) continue;
          compared++;
          if (JSON.stringify(seen) !== JSON.stringify(row.data)) stale.push(`${entity} ${row.id}: feed has version ${String(seen.version)}, table ${String(row.data.version)}`);
        }
      }
      console.log(`feed: ${committed.length} changes read in order by both consoles; ${compared} rows compared with their table, ${stale.length} stale`);

      // The load really ran: every client got answers (the figure depends on the machine).
      expect(tally.total() - tally.count('feed')).toBeGreaterThan(CLIENTS * 5);
      expect(tally.fiveHundreds().map((u) => `${u.status} ${u.method} ${u.path} ${JSON.stringify(u.body)}`)).toEqual([]);
      expect(tally.unexpected.map((u) => `${u.status} ${u.method} ${u.path} ${JSON.stringify(u.body)}`)).toEqual([]);
      expect(tally.failedDispatches).toEqual([]);
      expect(stale).toEqual([]);
    },
    (SECONDS + 90) * 1000,
  );
});
