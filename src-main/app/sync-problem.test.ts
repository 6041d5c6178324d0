import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS, startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { startMainServices } from './main-services.js';
import { FileSecretStore } from '../services/secret-store.js';
import { HttpOutage, closeTestServer, waitFor } from '../sync/testing/fixtures.js';

describe.each(testBackends())('the sync status says why the console cannot sync, against the reference backend on %s', (backend) => {
  let server: TestServer;
  let outage: HttpOutage;
  let dir: string;
  let services: Awaited<ReturnType<typeof startMainServices>>;
  beforeAll(async () => {
    server = await startTestServer(backend);
    outage = new HttpOutage(server);
    dir = mkdtempSync(join(tmpdir(), 'molam-sync-problem-test-'));
    services = await startMainServices({
      dataDir: dir,
      secretStore: new FileSecretStore(join(dir, 'tokens.json')),
      embedded: false,
      tuning: { retry: { baseDelayMs: 20, maxDelayMs: 200 }, reconnect: { baseDelayMs: 20, maxDelayMs: 200 } },
    });
  });
  afterAll(async () => {
    await services?.close();
    await outage?.start();
    await closeTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a refused token, then a backend that stopped answering, each with the time it began', async () => {
    const profile = await services.settings.saveProfile({ name: 'Ops', url: server.baseUrl, token: 'a-revoked-token' });
    await services.settings.switchProfile(profile.id);
    await services.sync.syncNow();
    await waitFor(() => services.sync.status().offline?.problem.failure === 'token-refused', 'the refused token in the status');
    const refused = services.sync.status().offline!;
    expect(refused.problem.status).toBe(401);
    expect(Date.parse(refused.since)).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(services.sync.status())).not.toContain('a-revoked-token');

    await services.settings.saveProfile({ id: profile.id, name: 'Ops', url: server.baseUrl, token: TEST_TOKENS.admin });
    await services.sync.syncNow();
    await waitFor(() => services.sync.status().connectivity === 'online' && !services.sync.status().offline, 'a clean status with the right token');

    await outage.stop();
    await services.sync.syncNow();
    await waitFor(() => services.sync.status().connectivity === 'offline', 'offline once the backend stopped', 20_000);
    expect(services.sync.status().offline?.problem).toMatchObject({ failure: 'refused', status: null });
  });
});
