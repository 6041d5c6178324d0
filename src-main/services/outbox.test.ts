import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { auditCounts, consoleFor, serverStatuses } from './testing/console-fixture.js';
import { HttpOutage, closeTestServer, seedPendingLogs, waitFor } from '../sync/testing/fixtures.js';

describe.each(testBackends())('outbox against the reference backend on %s', (backend) => {
  let server: TestServer;
  let outage: HttpOutage;
  const disposers: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
    outage = new HttpOutage(server);
  });
  afterAll(async () => closeTestServer(server));
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) await dispose();
  });

  async function syncedConsole(options: Parameters<typeof consoleFor>[1] = {}) {
    const app = consoleFor(server, options);
    disposers.push(() => app.dispose());
    await app.engine.syncNow();
    return app;
  }

  it('queues an approval taken offline and sends it when the backend is back, without another decision', async () => {
    const { ids } = await seedPendingLogs(server, 1);
    const app = await syncedConsole();
    await outage.stop();
    try {
      const receipt = app.decisions.decide(ids[0]!, { action: 'approve', comment: 'looks right' });
      expect(receipt).toMatchObject({ logId: ids[0], action: 'approve', localState: 'queued' });
      const round = await app.pusher.push();
      expect(round.error).toMatch(/cannot reach|503/);
      expect(app.repos.logs.get(ids[0]!)).toMatchObject({ localState: 'queued', pending: { decision: { action: 'approve' } } });
      const view = app.outbox.view();
      expect(view).toMatchObject({ depth: 1, items: [{ state: 'queued' }], lastError: round.error });
      expect(view.items[0]!.attempts).toBeGreaterThanOrEqual(1);
      expect(app.engine.status().connectivity).toBe('offline');
      expect(app.pusher.nextAttemptAt).not.toBeNull();
    } finally {
      await outage.start();
    }
    await waitFor(() => app.outbox.view().depth === 0, 'the scheduled retry to drain the outbox');
    expect((await serverStatuses(server, ids)).get(ids[0]!)).toBe('approved');
    expect(app.repos.logs.get(ids[0]!)).toMatchObject({ localState: 'synced', log: { status: 'approved' }, pending: null });
  });

  it('sends decisions taken one after another on the same view (approve, then apply) in order', async () => {
    const { ids } = await seedPendingLogs(server, 1);
    const app = await syncedConsole();
    app.decisions.decide(ids[0]!, { action: 'approve' });
    app.decisions.decide(ids[0]!, { action: 'apply' });
    expect(app.decisions.decide(ids[0]!, { action: 'apply' }).outboxId).toBe(app.outbox.view().items[1]!.id);
    await waitFor(() => app.outbox.view().depth === 0, 'the outbox to drain');
    expect((await serverStatuses(server, ids)).get(ids[0]!)).toBe('applying');
    expect(app.conflicts.list()).toEqual([]);
  });

  it('turns a 409 into a conflict holding both sides, and taking theirs caches the server row', async () => {
    const { ids } = await seedPendingLogs(server, 1);
    const app = await syncedConsole();
    const rejected = await server.request('POST', `/api/v1/plugins/autoheal/${ids[0]}/reject`, { as: 'reviewer', body: { reason: 'no' } });
    expect(rejected.status).toBe(200);
    app.decisions.decide(ids[0]!, { action: 'approve' });
    await app.pusher.push();
    const [conflict] = app.conflicts.list();
    expect(conflict).toMatchObject({
      logId: ids[0],
      mine: { decision: { action: 'approve' } },
      theirs: { id: ids[0], status: 'rejected' },
      error: { code: 'stale_version' },
    });
    expect(app.repos.logs.get(ids[0]!)?.localState).toBe('conflict');
    expect(app.outbox.view().depth).toBe(0);
    expect(app.engine.status().conflicts).toBe(1);

    expect(app.conflicts.resolve(conflict!.id, 'take_theirs')).toEqual({ resolution: 'take_theirs', outboxId: null });
    expect(app.repos.logs.get(ids[0]!)).toMatchObject({ localState: 'synced', log: { status: 'rejected' } });
    expect(app.conflicts.list()).toEqual([]);
  });

  it('keeps mine by sending the decision again on the server version, and discards without sending', async () => {
    const { ids } = await seedPendingLogs(server, 2, { severity: 'critical' });
    const app = await syncedConsole();
    for (const id of ids) {
      const approved = await server.request('POST', `/api/v1/plugins/autoheal/${id}/approve`, { as: 'reviewer2', body: {} });
      expect(approved.body.approvals_remaining).toBe(1);
      app.decisions.decide(id, { action: 'approve', comment: 'second pair of eyes' });
    }
    await app.pusher.push();
    const [first, second] = app.conflicts.list();
    expect(app.conflicts.list()).toHaveLength(2);

    const kept = app.conflicts.resolve(first!.id, 'keep_mine');
    expect(kept.outboxId).not.toBeNull();
    app.conflicts.resolve(second!.id, 'discard');
    await waitFor(() => app.outbox.view().depth === 0, 'the kept decision to be sent');
    const statuses = await serverStatuses(server, ids);
    expect(statuses.get(ids[0]!)).toBe('approved');
    expect(statuses.get(ids[1]!)).toBe('pending_review');
    expect((await auditCounts(server, 'healing_log.approve', ids)).get(ids[1]!)).toBe(1);
    expect(app.repos.logs.get(ids[1]!)?.localState).toBe('synced');
    expect(app.conflicts.list()).toEqual([]);
  });

  it('marks a decision the backend refuses with 403 as rejected and still sends the ones behind it', async () => {
    const { ids } = await seedPendingLogs(server, 2);
    const approved = await server.request('POST', `/api/v1/plugins/autoheal/${ids[1]}/approve`, { as: 'reviewer', body: {} });
    expect(approved.status).toBe(200);
    const app = await syncedConsole({ as: 'ops' });
    app.decisions.decide(ids[0]!, { action: 'approve' }); // ops may not approve
    app.decisions.decide(ids[1]!, { action: 'apply' });
    await app.pusher.push();
    const view = app.outbox.view();
    expect(view.depth).toBe(0);
    expect(view.items).toEqual([expect.objectContaining({ logId: ids[0], state: 'rejected', lastError: expect.stringMatching(/^403 forbidden/) })]);
    expect(app.repos.logs.get(ids[0]!)?.localState).toBe('rejected');
    expect((await serverStatuses(server, ids)).get(ids[1]!)).toBe('applying');

    const again = app.outbox.retry(view.items[0]!.id);
    expect(again).toMatchObject({ state: 'queued', attempts: 0 });
    expect(again.idempotencyKey).not.toBe(view.items[0]!.idempotencyKey);
    await app.pusher.push();
    const retried = app.outbox.view().items[0]!;
    expect(retried.state).toBe('rejected');
    expect(app.outbox.dismiss(retried.id)).toEqual({ dismissed: true });
    expect(app.outbox.view().items).toEqual([]);
    expect(app.repos.logs.get(ids[0]!)?.localState).toBe('synced');
  });

  it('survives the backend going away in the middle of a push: every decision lands exactly once', async () => {
    const { ids } = await seedPendingLogs(server, 30);
    const app = await syncedConsole();
    for (const id of ids) app.decisions.decide(id, { action: 'approve' });
    const pushing = app.pusher.push();
    await waitFor(() => app.outbox.view().depth <= 25, 'the first decisions to go out');
    await outage.stop();
    const round = await pushing;
    expect(round.error).not.toBeNull();
    expect(app.outbox.view().depth).toBeGreaterThan(0);
    await outage.start();
    await waitFor(() => app.outbox.view().depth === 0, 'the outbox to drain after the restart');

    const statuses = await serverStatuses(server, ids);
    const audits = await auditCounts(server, 'healing_log.approve', ids);
    for (const id of ids) {
      expect(statuses.get(id)).toBe('approved');
      expect(audits.get(id)).toBe(1);
    }
    expect(app.conflicts.list()).toEqual([]);
  });
});
