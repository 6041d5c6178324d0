import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, type BuiltApp } from './app.js';
import type { LogOutput } from './logging.js';
import type { ServerConfig } from './context.js';
import { openDatabase, type Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import { createToken, generateToken, hashToken } from './http/auth.js';
import { seedDemoData, type SeedSummary } from './demo/seed.js';
import { demoPatchKeys } from './demo/sdk-traffic-sandbox.js';
import { TrafficSimulator } from './demo/simulator.js';
import { DEMO_TOKENS, DEMO_TOKEN_MAP, formatDemoTokenTable, setDemoTokens, type DemoTokenMap } from './demo/tokens.js';

export const ADMIN_TOKEN_FILE = 'admin-token';
/** Serialises the admin-token bootstrap between server processes sharing one PostgreSQL. */
const BOOTSTRAP_LOCK = 814_002;

/** How `startServer` behaves beyond the configuration (the CLI takes the defaults). */
export interface StartServerOptions {
  /** Where start-up lines go (one string per line); defaults to stdout. */
  print?: (line: string) => void;
  /** Run the traffic simulator in demo mode (default true); tests drive it by hand instead. */
  simulator?: boolean;
  /** How log records are written (default: pino's JSON lines on stdout). */
  logOutput?: LogOutput;
}

/** A running server: its URL, its database, and in demo mode the public demo tokens. */
export interface RunningServer {
  url: string;
  db: Database;
  built: BuiltApp;
  /** Where the first admin token was written (`<dataDir>/admin-token`); it may be absent on a shared database. */
  adminTokenFile: string;
  /** The demo tokens by role (demo mode only). */
  tokens?: DemoTokenMap;
  /** What the demo seeding did (demo mode only). */
  seed?: SeedSummary;
  simulator?: TrafficSimulator;
  /** Stops the simulator, the HTTP server and the database; safe to call twice. */
  close(): Promise<void>;
}

/** What happened to the admin token at start. */
export type AdminTokenOutcome = { created: true; path: string } | { created: false; path: string; fileExists: boolean };

/**
 * Creates the first admin token when the database has none (demo tokens aside) and writes it to
 * `<dataDir>/admin-token` with mode 0600. The token itself is never printed or logged.
 */
export async function ensureAdminToken(db: Database, dataDir: string): Promise<AdminTokenOutcome> {
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  const demoAdminHash = hashToken(DEMO_TOKENS.find((t) => t.key === 'admin')!.token);
  let wrote = false;
  try {
    return await db.transaction(async (tx): Promise<AdminTokenOutcome> => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const { rows } = await tx.query(
        `SELECT 1 FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL AND token_hash <> $1 LIMIT 1`,
        [demoAdminHash],
      );
      if (rows.length > 0) return { created: false, path, fileExists: existsSync(path) };
      const token = generateToken('admin');
      await createToken(tx, { name: 'bootstrap admin', role: 'admin', token });
      // Written before the commit (and removed if the commit fails): the other order could leave a
      // valid token that nobody can read.
      writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
      wrote = true;
      return { created: true, path };
    });
  } catch (error) {
    rmSync(temporary, { force: true });
    if (wrote) rmSync(path, { force: true });
    throw error;
  }
}

function describeAdminToken(outcome: AdminTokenOutcome): string {
  if (outcome.created) return `Created the first admin token; it is in ${outcome.path} (readable by you only).`;
  if (outcome.fileExists) return `Admin token: ${outcome.path}`;
  return `An admin token exists but ${outcome.path} is missing (it was written by the first start, perhaps with another --data-dir).`;
}

/**
 * Opens the database, migrates it, bootstraps auth, fills the demo data in demo mode, and listens.
 * The caller owns the returned server and must `close()` it.
 */
export async function startServer(config: ServerConfig, options: StartServerOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  mkdirSync(config.dataDir, { recursive: true });
  // The server's logger exists once the app is built; what the database layer reports before that is rare (a
  // retry during migrations) and goes unlogged.
  let log: BuiltApp['context']['log'] | undefined;
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataDir, 'pglite'),
    events: {
      onDidRetry: (code, attempt) => log?.warn({ code, attempt }, 'PostgreSQL aborted a transaction (deadlock or serialization failure); running it again'),
      onDidChangeListenConnection: (state, error) =>
        state === 'lost'
          ? log?.warn({ err: error }, 'lost the LISTEN connection to PostgreSQL; reconnecting')
          : log?.info('LISTEN connection to PostgreSQL restored; consoles are nudged to read the change feed'),
    },
  });
  let built: BuiltApp | undefined;
  try {
    await migrate(db);
    const adminToken = await ensureAdminToken(db, config.dataDir);
    print(describeAdminToken(adminToken));
    await setDemoTokens(db, config.demo);
    const seed = config.demo ? await seedDemoData(db, { dataDir: config.dataDir }) : undefined;

    built = await buildApp(db, config, options.logOutput);
    log = built.context.log;
    const address = await built.app.listen({ host: config.host, port: config.port });
    const url = address.replace('://[::]', '://localhost').replace('://0.0.0.0', '://127.0.0.1');

    let simulator: TrafficSimulator | undefined;
    if (config.demo) {
      print(
        seed!.created
          ? `Demo data: ${seed!.plugins} plugins, ${seed!.healingLogs} healing logs, ${seed!.interopEvents} interop events, ` +
              `${seed!.sdkApplications} SDK patch applications (${seed!.ms} ms).`
          : 'Demo data already present; kept as is.',
      );
      print('Demo tokens (public; never use --demo on a database with real data):');
      for (const line of formatDemoTokenTable().split('\n')) print(line);
      if (options.simulator !== false) {
        simulator = new TrafficSimulator({
          baseUrl: url,
          log: built.context.log.child({ component: 'simulator' }),
          trustedPatchKeys: await demoPatchKeys(db, config.dataDir),
        });
        simulator.start();
        print('Traffic simulator running (events, errors, proposals, command acks, the SDK healing sandbox failures).');
      }
    }
    print(`Molam reference backend listening on ${url} (${db.kind === 'pglite' ? `PGlite in ${join(config.dataDir, 'pglite')}` : 'PostgreSQL'})`);

    let closing: Promise<void> | undefined;
    const app = built;
    return {
      url,
      db,
      built: app,
      adminTokenFile: adminToken.path,
      ...(config.demo ? { tokens: DEMO_TOKEN_MAP, seed } : {}),
      ...(simulator ? { simulator } : {}),
      close() {
        closing ??= (async () => {
          await simulator?.stop();
          await app.close();
          await db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await built?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}
