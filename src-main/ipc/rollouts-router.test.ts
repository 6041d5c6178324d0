import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovedPatch, patchBody } from '../../src-server/sdk/testing.js';
import { TEST_TOKENS, startTestServer, type TestServer } from '../../src-server/testing/harness.js';
import { closeTestServer } from '../sync/testing/fixtures.js';
import { startSignedInConsole } from './testing.js';

/** The rollout and alert channels through the router as the app wires it, each answer held to the contract. */
describe('the rollout and alert channels, through the IPC router', () => {
  let server: TestServer;
  let consoleApp: Awaited<ReturnType<typeof startSignedInConsole>>;

  beforeAll(async () => {
    server = await startTestServer('pglite', { rolloutSteps: [5, 25, 100], rolloutMinApplications: 5 });
    consoleApp = await startSignedInConsole('molam-ipc-rollouts-test-', server.baseUrl, TEST_TOKENS.reviewer);
  });
  afterAll(async () => {
    await consoleApp?.close();
    await closeTestServer(server);
  });

  it('lists the rollouts and alerts with their age, advances a rollout, and refuses a malformed or forbidden hand', async () => {
    const { call, router } = consoleApp;
    const { patch } = await createApprovedPatch(server, patchBody(`router_rollout_${process.pid}`));
    await call('ops:sync.now', {});
    expect(await call('ops:rollouts.refresh', {})).toEqual({
      rollouts: { computedAt: expect.any(String), refreshedAt: expect.any(String) },
      alerts: { computedAt: expect.any(String), refreshedAt: expect.any(String) },
    });
    const listed = await call('ops:rollouts.list', {});
    expect(listed.rollouts.find((view: any) => view.rollout.patch_id === patch.id)).toMatchObject({ localState: 'synced', pending: null, rollout: { version: 1, share_pct: 5 } });
    expect(await call('ops:alerts.list', {})).toEqual({ alerts: expect.any(Array), age: { computedAt: expect.any(String), refreshedAt: expect.any(String) } });

    expect(await call('ops:rollouts.act', { patchId: patch.id, version: 1, action: 'advance' })).toMatchObject({ patchId: patch.id, delivery: { status: 'sent' } });
    expect(await call('ops:rollouts.forPatch', { patchId: patch.id })).toMatchObject({ rollout: { localState: 'synced', rollout: { step_index: 1, share_pct: 25 } } });

    expect(await router.invoke('ops:rollouts.act', { patchId: patch.id, version: 1, action: 'abort' })).toEqual({
      ok: false,
      error: { kind: 'invalid_request', message: 'reason: aborting a rollout needs a reason' },
    });
    expect(await router.invoke('ops:rollouts.act', { patchId: patch.id, version: 1, action: 'resume' })).toEqual({
      ok: false,
      error: { kind: 'conflict', code: 'rollout_not_held', message: expect.stringMatching(/only a held rollout can be resumed/) },
    });
    expect(await router.invoke('ops:rollouts.forPatch', { patchId: 'not-a-uuid' })).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  });
});
