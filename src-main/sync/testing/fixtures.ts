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
