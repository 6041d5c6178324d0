import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildApp } from '../../../src-server/app.js';
import { TEST_TOKENS, type TestServer, type TokenName } from '../../../src-server/testing/harness.js';
import { BackendClient, type BackendClientOptions } from '../../backend/backend-client.js';
import { CacheDb } from '../../cache/cache-db.js';
import { createRepositories, type Repositories } from '../../cache/repositories/index.js';

/** A cache in a fresh temporary folder, with one active profile pointing at `url`. */
export function openTestCache(url = 'http://127.0.0.1:9'): { repos: Repositories; profileId: string; dir: string; file: string; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'molam-cache-test-'));
  const file = join(dir, 'cache.sqlite');
  const repos = createRepositories(CacheDb.open({ file }));
  const profileId = randomUUID();
  repos.profiles.insert({ id: profileId, name: 'test', url, embedded: false, createdAt: new Date().toISOString() });
  repos.syncState.resetSyncedData(profileId);
  return {
    repos,
    profileId,
    dir,
    file,
    close() {
      repos.cache.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A client for the test server with quick timeouts and retries (tests wait on conditions, not clocks). */
export function testClient(baseUrl: string, as: TokenName = 'admin', overrides: Partial<BackendClientOptions> = {}): BackendClient {
  return new BackendClient({
    baseUrl,
    token: TEST_TOKENS[as],
    timeoutMs: 5_000,
    attempts: 2,
    backoff: { baseDelayMs: 20, maxDelayMs: 100 },
    ...overrides,
  });
}

let pluginCounter = 0;

/** Registers a plugin and proposes `count` patches below the auto-apply threshold: pending_review logs. */
export async function seedPendingLogs(
  server: TestServer,
  count: number,
  options: { severity?: 'low' | 'medium' | 'high' | 'critical'; confidence?: number } = {},
): Promise<{ pluginId: string; ids: string[] }> {
  const pluginId = `console-test-${process.pid}-${++pluginCounter}`;
  const registered = await server.request('POST', '/api/v1/plugins/register', {
    as: 'merchant',
    body: { id: pluginId, cms: 'woocommerce', cms_version: '8.2.1', plugin_version: '1.4.0' },
  });
  if (registered.status !== 200) throw new Error(`plugin registration failed: ${JSON.stringify(registered.body)}`);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const proposed = await server.request('POST', '/api/v1/plugins/autoheal', {
      as: 'sira',
      body: {
        plugin_id: pluginId,
        detected_issue: `Unknown column 'fee_${i}' in field list`,
        issue_severity: options.severity ?? 'medium',
        patch_type: 'config_update',
        proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { [`fee_${i}`]: true } },
        sira_confidence: options.confidence ?? 40 + (i % 40),
      },
    });
    if (proposed.status !== 201) throw new Error(`proposal failed: ${proposed.status} ${JSON.stringify(proposed.body)}`);
    ids.push(proposed.body.log.id as string);
  }
  return { pluginId, ids };
}

/**
 * Makes an auto-apply pause the way production does: a rule's patch auto-applies on a new plugin,
 * the plugin acknowledges it, ops roll it back, and the rollback pauses the rule on that plugin.
 */
export async function seedActivePause(server: TestServer): Promise<{ pluginId: string; logId: string; pauseId: string }> {
  const pluginId = `console-pause-${process.pid}-${++pluginCounter}`;
  const expectOk = (what: string, response: { status: number; body: any }) => {
    if (response.status >= 300) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  expectOk(
    'plugin registration',
    await server.request('POST', '/api/v1/plugins/register', {
      as: 'merchant',
      body: { id: pluginId, cms: 'woocommerce', cms_version: '8.2.1', plugin_version: '1.4.0', state: { schema_version: 1 } },
    }),
  );
  const proposed = expectOk(
    'auto-applied proposal',
    await server.request('POST', '/api/v1/plugins/autoheal', {
      as: 'sira',
      body: {
        plugin_id: pluginId,
        rule: 'missing_database_column',
        detected_issue: "Unknown column 'molam_ref' in field list",
        issue_severity: 'high',
        patch_type: 'database_patch',
        proposed_patch: { type: 'database_patch', action: 'add_column', column: 'molam_ref', state_changes: { schema_version: 2 } },
        sira_confidence: 95,
      },
    }),
  );
  if (!proposed.auto_applied) throw new Error(`the proposal was not auto-applied: ${JSON.stringify(proposed)}`);
  expectOk('command poll', await server.request('GET', `/api/v1/plugins/autoheal/commands/${pluginId}`, { as: 'merchant' }));
  expectOk(
    'apply acknowledgement',
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${proposed.command_id}/ack`, { as: 'merchant', body: { success: true } }),
  );
  const rolledBack = expectOk(
    'rollback',
    await server.request('POST', `/api/v1/plugins/autoheal/${proposed.log.id}/rollback`, { as: 'ops', body: { reason: 'broke checkout' } }),
  );
  if (!rolledBack.pause?.id) throw new Error(`the rollback paused nothing: ${JSON.stringify(rolledBack)}`);
  return { pluginId, logId: proposed.log.id as string, pauseId: rolledBack.pause.id as string };
}

/** The server's view of a pause. */
export async function serverPause(server: TestServer, id: string): Promise<{ resumed_at: string | null; resumed_by: string | null; version: number }> {
  const { rows } = await server.db.query<{ resumed_at: string | null; resumed_by: string | null; version: number }>(
    'SELECT resumed_at::text, resumed_by, version FROM auto_apply_pauses WHERE id = $1',
    [id],
  );
  if (!rows[0]) throw new Error(`no pause ${id} on the server`);
  return rows[0];
}

/**
 * Stops and restarts the test server's HTTP side on the same port over the same database: the
 * backend going away and coming back, as a client sees it. The restarted app replaces
 * `server.built`, so the harness's `close()` stops it (and each app is closed exactly once).
 */
export class HttpOutage {
  private readonly port: number;
  private running = true;

  constructor(private readonly server: TestServer) {
    this.port = Number(new URL(server.baseUrl).port);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.server.built.close();
  }

  async start(): Promise<void> {
    if (this.running) return;
    const built = await buildApp(this.server.db, { ...this.server.built.context.config });
    await built.app.listen({ host: '127.0.0.1', port: this.port });
    this.server.built = built;
    this.running = true;
  }
}

/**
 * Closes the test server after cutting its remaining connections: the server closes idle
 * keep-alive connections once when it starts closing, and one that turns idle just after (a
 * stream ended by its own shutdown) would otherwise hold it open for the keep-alive timeout.
 */
export async function closeTestServer(server: TestServer | undefined): Promise<void> {
  if (!server) return;
  server.built.app.server.closeAllConnections();
  await server.close();
}

/** Resolves when `check` returns true (polled), or fails after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
