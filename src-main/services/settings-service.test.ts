import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS, startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { startMainServices } from '../app/main-services.js';
import { HttpOutage, closeTestServer, seedPendingLogs, waitFor } from '../sync/testing/fixtures.js';
import { FileSecretStore } from './secret-store.js';

describe.each(testBackends())('backend profiles against the reference backend on %s', (backend) => {
  let server: TestServer;
  let dir: string;
  let services: Awaited<ReturnType<typeof startMainServices>>;
  let outage: HttpOutage;
  beforeAll(async () => {
    server = await startTestServer(backend);
    outage = new HttpOutage(server);
    dir = mkdtempSync(join(tmpdir(), 'molam-settings-test-'));
    services = await startMainServices({
      dataDir: dir,
      secretStore: new FileSecretStore(join(dir, 'tokens.json')),
      embedded: false,
      tuning: { retry: { baseDelayMs: 20, maxDelayMs: 200 }, reconnect: { baseDelayMs: 20, maxDelayMs: 200 } },
    });
  });
  afterAll(async () => {
    await services?.close();
    await closeTestServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches profiles by emptying the cache, keeps each profile its own queued decisions, and never returns a token', async () => {
    const { ids } = await seedPendingLogs(server, 2);
    const ops = await services.settings.saveProfile({ name: 'Ops', url: `${server.baseUrl}/`, token: TEST_TOKENS.admin });
    expect(ops.url).toBe(server.baseUrl);
    const dead = await services.settings.saveProfile({ name: 'Nowhere', url: 'http://127.0.0.1:2' });
    expect(dead).toMatchObject({ hasToken: false, active: false });

    await services.settings.switchProfile(ops.id);
    await services.sync.syncNow();
    expect(services.logs.counts().total).toBeGreaterThanOrEqual(2);

    // Decided, then the user moves to another backend before it was sent.
    await services.settings.switchProfile(dead.id);
    expect(services.logs.counts().total).toBe(0);
    await expect(Promise.resolve().then(() => services.decisions.decide(ids[0]!, { action: 'approve' }))).rejects.toMatchObject({ kind: 'not_found' });

    await services.settings.switchProfile(ops.id);
    await services.sync.syncNow();
    await outage.stop();
    try {
      services.decisions.decide(ids[0]!, { action: 'approve' });
      await services.settings.switchProfile(dead.id);
    } finally {
      await outage.start();
    }
    expect(services.outbox.view()).toMatchObject({ depth: 0, otherProfiles: 1 });
    const onServer = async () =>
      (await server.db.query<{ status: string }>('SELECT status FROM plugin_auto_healing_logs WHERE id = $1', [ids[0]])).rows[0]!.status;
    expect(await onServer()).toBe('pending_review');
    await services.settings.switchProfile(ops.id);
    await waitFor(async () => (await onServer()) === 'approved', 'the decision queued under Ops to be sent once Ops is active again');

    const view = await services.settings.view();
    expect(view.profiles.map((p) => [p.name, p.active, p.hasToken])).toEqual([
      ['Ops', true, true],
      ['Nowhere', false, false],
    ]);
    expect(JSON.stringify(view)).not.toContain(TEST_TOKENS.admin);
  });

  it('reconnects with a new token and forgets a removed one', async () => {
    const profile = await services.settings.saveProfile({ name: 'Swap', url: server.baseUrl, token: TEST_TOKENS.reviewer });
    await services.settings.switchProfile(profile.id);
    await waitFor(() => services.sync.status().identity?.role === 'reviewer', 'the reviewer identity');
    await services.settings.saveProfile({ id: profile.id, name: 'Swap', url: server.baseUrl, token: TEST_TOKENS.ops });
    await waitFor(() => services.sync.status().identity?.role === 'ops', 'the ops identity after the token change');
    const cleared = await services.settings.saveProfile({ id: profile.id, name: 'Swap', url: server.baseUrl, token: null });
    expect(cleared.hasToken).toBe(false);
    await services.sync.syncNow();
    expect(services.sync.status().lastError).toMatch(/401|token|Authorization/i);
  });

  it('refuses to delete the active profile and deletes another with its token', async () => {
    const { activeProfileId, profiles } = await services.settings.view();
    await expect(services.settings.deleteProfile(activeProfileId!)).rejects.toMatchObject({ kind: 'conflict' });
    const other = profiles.find((p) => !p.active)!;
    expect(await services.settings.deleteProfile(other.id)).toEqual({ deleted: true });
    expect((await services.settings.view()).profiles.map((p) => p.id)).not.toContain(other.id);
    await expect(services.settings.switchProfile(other.id)).rejects.toMatchObject({ kind: 'not_found' });
  });
});
