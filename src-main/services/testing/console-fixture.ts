import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestServer, type Backend, type TestServer, type TokenName } from '../../../src-server/testing/harness.js';
import { ConflictService } from '../conflict-service.js';
import { DecisionService } from '../decision-service.js';
import { OutboxPusher } from '../../sync/outbox-pusher.js';
import { OutboxService } from '../outbox-service.js';
import { SyncEngine } from '../../sync/sync-engine.js';
import { HttpOutage, closeTestServer, openTestCache, testClient } from '../../sync/testing/fixtures.js';

/** The sync side of the console over a fresh cache, wired as the app wires it, for one test server. */
export function consoleFor(server: TestServer, options: { as?: TokenName; baseUrl?: string } = {}) {
  const baseUrl = options.baseUrl ?? server.baseUrl;
  const cache = openTestCache(baseUrl);
  const { repos, profileId } = cache;
  const client = testClient(baseUrl, options.as ?? 'admin');
  const pusher = new OutboxPusher({ repos, client, profileId, retry: { baseDelayMs: 20, maxDelayMs: 200 }, attemptsPerSend: 1 });
  const engine = new SyncEngine({
    repos,
    client,
    pusher,
    profile: { id: profileId, name: 'test', url: baseUrl },
    reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
  });
  const active = () => profileId;
  const kick = () => pusher.kick();
  return {
    ...cache,
    client,
    pusher,
    engine,
    decisions: new DecisionService(repos, active, kick),
    conflicts: new ConflictService(repos, active, kick),
    outbox: new OutboxService(repos, active, () => pusher, kick),
    async dispose() {
      await engine.stop();
      cache.close();
    },
  };
}

/**
 * One test server per describe block (with its outage switch, started with the config `overrides`),
 * and consoles synced from it that are disposed after each test. Call it in the block's body; read `server` and `outage` inside tests.
 */
export function serverPerSuite(backend: Backend, overrides: Parameters<typeof startTestServer>[1] = {}) {
  const suite = { server: undefined as unknown as TestServer, outage: undefined as unknown as HttpOutage, syncedConsole };
  const disposers: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    suite.server = await startTestServer(backend, overrides);
    suite.outage = new HttpOutage(suite.server);
  });
  afterAll(async () => closeTestServer(suite.server));
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) await dispose();
  });
  async function syncedConsole(options: Parameters<typeof consoleFor>[1] = {}) {
    const app = consoleFor(suite.server, options);
    disposers.push(() => app.dispose());
    await app.engine.syncNow();
    return app;
  }
  return suite;
}

/** Counts the audit rows the server wrote for `action` on each log. */
export async function auditCounts(server: TestServer, action: string, ids: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await server.db.query<{ entity_id: string; n: number }>(
    `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE action = $1 AND entity_id = ANY($2::text[]) GROUP BY entity_id`,
    [action, ids],
  );
  return new Map(rows.map((r) => [r.entity_id, r.n]));
}

/** The server's status of each log. */
export async function serverStatuses(server: TestServer, ids: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await server.db.query<{ id: string; status: string }>(
    'SELECT id::text, status FROM plugin_auto_healing_logs WHERE id::text = ANY($1::text[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.status]));
}
