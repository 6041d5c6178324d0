import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNEL_NAMES, type IpcEventName } from '../../src-shared/ipc/contract.js';
import { TEST_TOKENS, startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { startMainServices } from '../app/main-services.js';
import { FileSecretStore } from '../services/secret-store.js';
import { closeTestServer, seedPendingLogs, waitFor } from '../sync/testing/fixtures.js';
import { createIpcRouter, type IpcRouter } from './router.js';
import { startRoutedConsole } from './testing.js';

const MALFORMED: ReadonlyArray<[string, unknown]> = [
  ['nothing', undefined],
  ['null', null],
  ['a string', 'ops'],
  ['a number', 42],
  ['an array', []],
  ['an unknown field', { sneaky: true }],
];

describe('IPC router without a backend', () => {
  let dir: string;
  let router: IpcRouter;
  let close: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'molam-ipc-test-'));
    const services = await startMainServices({ dataDir: dir, secretStore: new FileSecretStore(join(dir, 'tokens.json')), embedded: false });
    router = createIpcRouter(services, { checkResponses: true });
    close = services.close;
  });
  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(IPC_CHANNEL_NAMES)('rejects every malformed request on %s with a typed error', async (channel) => {
    for (const [what, request] of MALFORMED) {
      const result = await router.invoke(channel, request);
      expect([what, result]).toEqual([what, { ok: false, error: { kind: 'invalid_request', message: expect.any(String) } }]);
    }
  });

  it('refuses channels outside the contract, including inherited property names', async () => {
    for (const channel of ['ops:logs.drop', '__proto__', 'constructor', 'toString', '', 'ops:triage.page ']) {
      expect(await router.invoke(channel, {})).toEqual({ ok: false, error: { kind: 'invalid_request', message: expect.stringMatching(/^unknown channel/) } });
    }
  });

  it('names the offending field of a request', async () => {
    const result = await router.invoke('ops:triage.page', { filters: { status: ['pending_review', 'bogus'] }, limit: 5 });
    expect(result).toEqual({ ok: false, error: { kind: 'invalid_request', message: expect.stringMatching(/^filters\.status\.1: /) } });
    const reason = await router.invoke('ops:decisions.reject', { logId: '7b0c1c0e-4a57-4a63-9d8a-000000000001', reason: '   ' });
    expect(reason).toMatchObject({ ok: false, error: { kind: 'invalid_request', message: expect.stringMatching(/^reason: /) } });
  });

  it('answers well-formed calls on an empty cache with typed results and not_found errors', async () => {
    expect(await router.invoke('ops:triage.page', { filters: {} })).toEqual({ ok: true, data: { items: [], total: 0 } });
    expect(await router.invoke('ops:sync.status', {})).toMatchObject({ ok: true, data: { connectivity: 'offline', profile: null } });
    const missing = await router.invoke('ops:logs.get', { id: '7b0c1c0e-4a57-4a63-9d8a-000000000001' });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    const noProfile = await router.invoke('ops:decisions.approve', { logId: '7b0c1c0e-4a57-4a63-9d8a-000000000001' });
    expect(noProfile).toMatchObject({ ok: false, error: { kind: 'invalid_request', code: 'no_active_profile', message: expect.stringMatching(/no backend profile/) } });
  });
});

describe.each(testBackends())('IPC round trip to the reference backend on %s', (backend) => {
  let server: TestServer;
  let router: IpcRouter;
  let close: () => Promise<void>;
  const events: Array<{ event: IpcEventName; payload: any }> = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
    ({ router, close } = await startRoutedConsole('molam-ipc-test-'));
    router.subscribe((event, payload) => events.push({ event, payload }));
  });
  afterAll(async () => {
    await close?.();
    await closeTestServer(server);
  });

  it('adds a profile, syncs, queues an approval and sees it on the server, never exposing the token', async () => {
    const { ids } = await seedPendingLogs(server, 3, { severity: 'high' });
    const saved = await router.invoke('ops:settings.saveProfile', { name: 'Local', url: server.baseUrl, token: TEST_TOKENS.admin });
    expect(saved).toMatchObject({ ok: true, data: { name: 'Local', hasToken: true, embedded: false, active: false } });
    const profileId = (saved as { data: { id: string } }).data.id;
    expect(await router.invoke('ops:settings.switchProfile', { id: profileId })).toMatchObject({ ok: true, data: { profile: { id: profileId } } });
    const synced = await router.invoke('ops:sync.now', {});
    expect(synced).toMatchObject({ ok: true, data: { initialSyncDone: true, lastError: null, identity: { name: 'test admin', role: 'admin' } } });

    const queue = await router.invoke('ops:triage.page', { filters: { status: ['pending_review'], severity: ['high'] }, limit: 2 });
    expect(queue).toMatchObject({ ok: true, data: { total: expect.any(Number) } });
    expect((queue as { data: { total: number } }).data.total).toBeGreaterThan(2);
    const listed = (queue as { data: { items: Array<{ log: { id: string; sira_confidence: number } }> } }).data.items;
    expect(listed).toHaveLength(2);
    expect(listed[0]!.log.sira_confidence).toBeLessThanOrEqual(listed[1]!.log.sira_confidence);

    const receipt = await router.invoke('ops:decisions.approve', { logId: ids[0], comment: 'ok' });
    expect(receipt).toMatchObject({ ok: true, data: { logId: ids[0], action: 'approve', localState: 'queued' } });
    await waitFor(async () => (await server.db.query<{ status: string }>('SELECT status FROM plugin_auto_healing_logs WHERE id = $1', [ids[0]])).rows[0]?.status === 'approved', 'the approval on the server');
    await waitFor(() => events.some((e) => e.event === 'sync.status' && e.payload.outboxDepth === 0 && e.payload.lastSuccessAt), 'a status event');
    expect(events.some((e) => e.event === 'cache.changed' && e.payload.tables.includes('outbox'))).toBe(true);
    expect(await router.invoke('ops:decisions.apply', { logId: ids[0] })).toMatchObject({ ok: true, data: { action: 'apply' } });
    await waitFor(async () => (await server.db.query<{ status: string }>('SELECT status FROM plugin_auto_healing_logs WHERE id = $1', [ids[0]])).rows[0]?.status === 'applying', 'the apply on the server');
    await router.invoke('ops:sync.now', {});
    // The detail pane's rows come from the change feed; checkResponses holds them to the contract.
    const detail = await router.invoke('ops:logs.get', { id: ids[0] });
    expect(detail).toMatchObject({
      ok: true,
      data: {
        item: { localState: 'synced', log: { status: 'applying' } },
        plugin: { cms: 'woocommerce' },
        snapshots: [{ healing_log_id: ids[0] }],
        commands: [{ command_type: 'apply_patch', healing_log_id: ids[0] }],
      },
    });

    const before = await router.invoke('ops:logs.counts', {});
    expect(await router.invoke('ops:sync.resync', {})).toMatchObject({ ok: true, data: { initialSyncDone: true, lastError: null } });
    expect(await router.invoke('ops:logs.counts', {})).toEqual(before);

    const settings = await router.invoke('ops:settings.get', {});
    expect(settings).toMatchObject({ ok: true, data: { activeProfileId: profileId, secretStorage: 'user-only-file' } });
    expect(JSON.stringify([settings, saved, synced, events])).not.toContain(TEST_TOKENS.admin);
    expect(await router.invoke('ops:settings.deleteProfile', { id: profileId })).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  });
});
