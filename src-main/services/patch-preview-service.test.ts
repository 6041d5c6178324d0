import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../src-server/testing/harness.js';
import { fakeLog, uuidFor } from '../cache/testing/fake-logs.js';
import { pullFeed } from '../sync/feed-puller.js';
import { HttpOutage, closeTestServer, openTestCache, testClient } from '../sync/testing/fixtures.js';
import { PatchPreviewService } from './patch-preview-service.js';

let plugins = 0;

/** A plugin that reported its state, with a config patch and a PHP code patch waiting for review. */
async function seedProposals(server: TestServer): Promise<{ pluginId: string; configId: string; codeId: string }> {
  const pluginId = `preview-test-${process.pid}-${++plugins}`;
  const ok = (what: string, response: { status: number; body: any }) => {
    if (response.status >= 300) throw new Error(`${what} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  ok(
    'registration',
    await server.request('POST', '/api/v1/plugins/register', {
      as: 'merchant',
      body: { id: pluginId, cms: 'woocommerce', cms_version: '8.2.1', plugin_version: '1.4.0', state: { currency: 'EUR', mode: 'live' } },
    }),
  );
  const config = ok(
    'config proposal',
    await server.request('POST', '/api/v1/plugins/autoheal', {
      as: 'sira',
      body: {
        plugin_id: pluginId,
        detected_issue: 'Unsupported currency EUR for this merchant',
        issue_severity: 'medium',
        patch_type: 'config_update',
        proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { currency: 'XOF' } },
        sira_confidence: 40,
      },
    }),
  );
  const code = ok(
    'code proposal',
    await server.request('POST', '/api/v1/plugins/autoheal', {
      as: 'sira',
      body: {
        plugin_id: pluginId,
        detected_issue: "Undefined index: molam_ref in includes/class-molam-gateway.php on line 121",
        issue_severity: 'high',
        patch_type: 'code_patch',
        proposed_patch: {
          type: 'code_patch',
          action: 'replace_in_file',
          file: 'includes/class-molam-gateway.php',
          search: "$row['molam_ref']",
          replace: "$row['molam_ref'] ?? null",
        },
        sira_confidence: 50,
        context: {
          excerpt: {
            file: 'includes/class-molam-gateway.php',
            start_line: 120,
            failing_line: 121,
            lines: ['$row = $this->fetch_row($order_id);', "$ref = $row['molam_ref'];", 'return $ref;'],
          },
        },
      },
    }),
  );
  return { pluginId, configId: config.log.id as string, codeId: code.log.id as string };
}

describe('patch previews against the reference backend', () => {
  let server: TestServer;
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => closeTestServer(server));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A synced cache, a client that counts its preview requests, and the service over them. */
  async function setUp(options: { perRound?: number } = {}) {
    const cache = openTestCache(server.baseUrl);
    const requests: string[] = [];
    const client = testClient(server.baseUrl, 'admin', {
      attempts: 1,
      fetch: (input, init) => {
        if (String(input).endsWith('/preview')) requests.push(String(input));
        return fetch(input, init);
      },
    });
    let connected: typeof client | undefined = client;
    const service = new PatchPreviewService({ repos: cache.repos, client: () => connected, timeoutMs: 3_000, ...options });
    cleanups.push(() => cache.close(), () => service.close());
    await pullFeed(cache.repos, client, { pageSize: 5000 });
    return { ...cache, service, requests, disconnect: () => (connected = undefined) };
  }

  it('fetches the previews of logs waiting for a decision in the background, and answers them from the cache after', async () => {
    const { configId, codeId } = await seedProposals(server);
    const { repos, service, requests } = await setUp({ perRound: 500 });

    await service.refreshPending();
    const config = repos.previews.get(configId);
    expect(config).toMatchObject({ current: true, preview: { kind: 'state', before: { currency: 'EUR' }, after: { currency: 'XOF' }, changed_keys: ['currency'] } });
    const code = repos.previews.get(codeId);
    expect(code).toMatchObject({ current: true, preview: { kind: 'code', language: 'php', start_line: 120, failing_line: 121, replacements: 1 } });
    expect(code?.preview.kind === 'code' && code.preview.after_lines[1]).toBe("$ref = $row['molam_ref'] ?? null;");

    const asked = requests.length;
    expect(await service.forLog(configId)).toMatchObject({ current: true, problem: null, preview: { kind: 'state' } });
    expect(requests).toHaveLength(asked);
  });

  it('bounds a background round to its cap', async () => {
    await seedProposals(server);
    await seedProposals(server);
    const { repos, service, requests } = await setUp({ perRound: 3 });
    await service.refreshPending();
    expect(requests).toHaveLength(3);
    expect(repos.previews.outdated(1000).length).toBeGreaterThan(0);
  });

  it('fetches again when the log’s version moves on, and shows the cached preview offline with what went wrong', async () => {
    const { configId } = await seedProposals(server);
    const { repos, service, requests } = await setUp();
    const first = await service.forLog(configId);
    expect(first).toMatchObject({ current: true, preview: { kind: 'state', log_version: repos.logs.get(configId)!.log.version } });

    const approved = await server.request('POST', `/api/v1/plugins/autoheal/${configId}/approve`, { as: 'reviewer', body: {} });
    expect(approved.status).toBe(200);
    await pullFeed(repos, testClient(server.baseUrl), { pageSize: 5000 });
    const version = repos.logs.get(configId)!.log.version;
    expect(repos.previews.get(configId)?.current).toBe(false);
    expect(await service.forLog(configId)).toMatchObject({ current: true, preview: { log_version: version } });

    const outage = new HttpOutage(server);
    await outage.stop();
    try {
      // The log moves on in the cache (another feed row) while the backend is away.
      repos.logs.upsert({ ...repos.logs.get(configId)!.log, version: version + 1 });
      const offline = await service.forLog(configId);
      expect(offline).toMatchObject({ current: false, preview: { kind: 'state', log_version: version }, problem: { reason: 'offline' } });
      expect(offline.fetchedAt).not.toBeNull();
      // The client now knows the backend is away: the next open answers from the cache without asking.
      const asked = requests.length;
      expect(await service.forLog(configId)).toMatchObject({ preview: { log_version: version }, problem: { reason: 'offline' } });
      expect(requests).toHaveLength(asked);
    } finally {
      await outage.start();
    }
  });

  it('never fails the pane: no backend, or a log the backend does not know, answers the reason', async () => {
    const { repos, service, requests, disconnect } = await setUp();
    const unknown = uuidFor(424242);
    repos.logs.upsert(fakeLog(424242, { status: 'pending_review' }));

    const refused = await service.forLog(unknown);
    expect(refused).toMatchObject({ preview: null, current: false, problem: { reason: 'refused', message: expect.stringContaining('has no preview for this log') } });
    // The refusal is remembered for that log version: opening the pane again does not ask again.
    const asked = requests.length;
    expect(await service.forLog(unknown)).toMatchObject({ problem: { reason: 'refused' } });
    expect(requests).toHaveLength(asked);

    disconnect();
    expect(await service.forLog(uuidFor(424243)).catch((error: Error) => error.message)).toContain('is not in the local cache');
    repos.logs.upsert(fakeLog(424243, { status: 'pending_review' }));
    expect(await service.forLog(uuidFor(424243))).toMatchObject({ preview: null, problem: { reason: 'offline', message: 'No backend is connected.' } });
  });
});
