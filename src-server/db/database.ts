import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { parseExactJson } from './exact-json.js';
import { createPgliteDataDir, hasPgliteDataDir } from './pglite-init.js';

/** Anything SQL can be sent to: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * The system of record: PostgreSQL through `pg`, or an embedded PGlite. Both run the same SQL.
 * Rows come back JSON-ready: timestamps as ISO 8601 strings, bigint and numeric as numbers.
 */
export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `listener` for each NOTIFY on `channel` (delivered after the notifying transaction commits). */
  listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the data folder as a tarball (tests load it to skip migrating). */
  dumpDataDir?(): Promise<Blob>;
}

const OID = { int8: 20, numeric: 1700, timestamp: 1114, timestamptz: 1184, json: 114, jsonb: 3802 } as const;
/** PostgreSQL prints `2026-11-23 20:45:01.123456+00`; JavaScript wants `T` and `+00:00`. */
function toIso(value: string): string {
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
const parsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: Number,
  [OID.numeric]: Number,
  [OID.timestamptz]: toIso,
  [OID.timestamp]: (v) => toIso(`${v}+00`),
  // jsonb keeps every digit of a number; reading it back must not round an id beyond 2^53.
  [OID.json]: parseExactJson,
  [OID.jsonb]: parseExactJson,
};

/**
 * PGlite's memory is one WebAssembly memory that grows and never shrinks, and PostgreSQL's shared buffers
 * live in it: at PostgreSQL's default (128 MB, past PGlite's 128 MB initial memory) a demo database of a
 * few megabytes held about 200 MB. PGlite serves one connection over files the OS caches anyway, so 16 MB
 * of buffers suffice and the memory stays at its initial size unless a query needs more.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** Opens PGlite in `dataDir` (created when missing), or in memory when `dataDir` is undefined. */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (options.dataDir && !options.loadDataDir && !hasPgliteDataDir(options.dataDir)) await createPgliteDataDir(options.dataDir, PGLITE_START_PARAMS);
  const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, parsers, startParams: PGLITE_START_PARAMS });
  const run = async <T>(target: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) => {
    const result = await target.query<T>(sql, params ? [...params] : undefined);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (work) =>
      db.transaction((tx) =>
        work({ query: (sql, params) => run(tx, sql, params), exec: async (sql) => void (await tx.exec(sql)) }),
      ),
    async listen(channel, listener) {
      const unlisten = await db.listen(channel, listener);
      return async () => unlisten();
    },
    close: () => db.close(),
    dumpDataDir: async () => db.dumpDataDir('gzip'),
  };
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: string) =>
    parsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * The change feed's lock (see `record_sync_change()` in migration 0001). Every PostgreSQL
 * transaction takes it first, before any row lock, so that all write paths lock in one order:
 * the feed lock, then rows. A transaction that locked rows first and then waited for the feed lock
 * in the trigger could deadlock with one that held the feed lock and wanted those rows.
 */
export const FEED_LOCK = 814_001;
/** Attempts of a transaction (or a statement) that PostgreSQL aborted as a deadlock or serialization failure. */
export const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 10;
const RETRY_CAP_MS = 250;

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** PostgreSQL aborted the work to break a deadlock or a serialization conflict: running it again is safe. */
export function isRetryableConflict(error: unknown): boolean {
  const code = sqlState(error);
  return code === '40P01' || code === '40001';
}

const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The database cannot be reached right now (down, restarting, failing over, out of connections):
 * the request may succeed again shortly, so it is answered 503, never 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== undefined) {
    // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now;
    // 53300: too many connections.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
    if (CONNECTION_ERRNOS.has(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return (
    message.includes('Connection terminated') ||
    message.includes('connection error and is not queryable') ||
    message.includes('timeout exceeded when trying to connect') ||
    message.includes('Client was closed and is not queryable')
  );
}

/** Full jitter (a random wait up to an exponentially growing, capped bound), as the AWS SDKs back off. */
function retryDelay(attempt: number): number {
  return Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` again (bounded, with jitter) while PostgreSQL aborts it as a deadlock or serialization failure. */
export async function retryConflicts<T>(attempt: () => Promise<T>, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isRetryableConflict(error) || n >= MAX_ATTEMPTS) throw error;
      onRetry?.(error, n);
      await sleep(retryDelay(n));
    }
  }
}

/** What the PostgreSQL layer reports besides query results. */
export interface PostgresEvents {
  /** A transaction or statement is run again after a deadlock or serialization failure. */
  onDidRetry?(code: string, attempt: number): void;
  /** The LISTEN connection was lost, or came back (listeners then get a `*` payload). */
  onDidChangeListenConnection?(state: 'lost' | 'restored', error?: unknown): void;
}

/** Payload passed to every listener after the LISTEN connection came back: anything may have changed meanwhile. */
export const MISSED_NOTIFICATIONS = '*';

/** Connects a pool to the PostgreSQL server at `url`. */
export async function openPostgres(url: string, options: { max?: number; events?: PostgresEvents } = {}): Promise<Database> {
  const events = options.events ?? {};
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    types: pgTypes,
    // While PostgreSQL is down a request fails at once (503) rather than queueing behind the pool.
    connectionTimeoutMillis: 5_000,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const run = async <T>(target: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    const result = await target.query(sql, params ? [...params] : undefined);
    return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
  };
  const onRetry = (error: unknown, attempt: number) => events.onDidRetry?.(sqlState(error) ?? 'unknown', attempt);

  /** One attempt: BEGIN, the feed lock, the work, COMMIT, on a client watched for connection loss. */
  async function attempt<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A checked-out client that loses its connection emits 'error'; unheard, that would kill the process.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [FEED_LOCK]);
      const result = await work({
        query: (sql, params) => run(client, sql, params),
        exec: async (sql) => void (await client.query(sql)),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (!lost && !isDatabaseUnavailable(error)) await client.query('ROLLBACK').catch(() => undefined);
      else lost ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.removeListener('error', onError);
      // A broken client is destroyed rather than handed to the next request.
      client.release(lost);
    }
  }

  // Fail fast on a wrong URL rather than on the first request.
  await pool.query('SELECT 1');
  const notifications = new ListenConnection(url, events);
  return {
    kind: 'postgres',
    // A single statement is atomic: when PostgreSQL aborts it to break a deadlock, it left nothing behind.
    query: (sql, params) => retryConflicts(() => run(pool, sql, params), onRetry),
    exec: async (sql) => void (await pool.query(sql)),
    transaction: (work) => retryConflicts(() => attempt(work), onRetry),
    listen: (channel, listener) => notifications.listen(channel, listener),
    async close() {
      await notifications.close();
      await pool.end();
    },
  };
}

/**
 * The one connection that LISTENs, outside the pool. When it is lost (PostgreSQL restarted, say) it
 * reconnects on its own with backoff, LISTENs again on every channel, and then calls every listener
 * with `MISSED_NOTIFICATIONS`, since notifications sent meanwhile are gone.
 */
class ListenConnection {
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly events: PostgresEvents,
  ) {}

  async listen(channel: string, listener: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      const client = this.client ?? (await this.connect());
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    set.add(listener);
    const added = set;
    return async () => {
      added.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, types: pgTypes });
      client.on('error', (error) => this.lose(client, error));
      client.on('end', () => this.lose(client));
      client.on('notification', (message) => {
        for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload ?? '');
      });
      try {
        await client.connect();
      } catch (error) {
        client.removeAllListeners('end');
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private lose(client: pg.Client, error?: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.events.onDidChangeListenConnection?.('lost', error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = Math.min(5_000, 250 * 2 ** this.failures);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.reconnect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async reconnect(): Promise<void> {
    try {
      const client = await this.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      if (this.closed) return void (await client.end().catch(() => undefined));
      this.failures = 0;
      this.events.onDidChangeListenConnection?.('restored');
      for (const set of this.listeners.values()) for (const listener of set) listener(MISSED_NOTIFICATIONS);
    } catch {
      this.failures += 1;
      const client = this.client;
      this.client = undefined;
      await client?.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }
}

/** Opens PostgreSQL when `databaseUrl` is given, else PGlite under `dataDir`. */
export function openDatabase(options: { databaseUrl?: string; dataDir?: string; events?: PostgresEvents }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, { events: options.events }) : openPglite({ dataDir: options.dataDir });
}
