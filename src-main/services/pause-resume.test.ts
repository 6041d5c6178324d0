import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { ServiceError } from './service-error.js';
import { auditCounts, consoleFor, serverStatuses } from './testing/console-fixture.js';
import { HttpOutage, closeTestServer, seedActivePause, seedPendingLogs, serverPause, waitFor } from '../sync/testing/fixtures.js';

describe.each(testBackends())('resuming auto-apply through the outbox against the reference backend on %s', (backend) => {
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

  /** A synced console, and the outcome of every decision its pusher settles (decisions kick pushes of their own). */
  async function syncedConsole(options: Parameters<typeof consoleFor>[1] = { as: 'ops' }) {
    const app = consoleFor(server, options);
    disposers.push(() => app.dispose());
    await app.engine.syncNow();
    const settled: string[] = [];
    app.pusher.onDidSettleItem((item) => settled.push(`${item.pauseId ? 'pause' : 'log'} ${item.outcome}`));
    return Object.assign(app, { settled });
  }

  it('queues a resume taken offline on the pause, and resumes auto-apply on the server once it is back', async () => {
    const { pauseId } = await seedActivePause(server);
    const app = await syncedConsole();
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'synced', version: 1, pending: null });
    await outage.stop();
    try {
      const receipt = app.decisions.resumePause(pauseId, 'fixed upstream');
      expect(receipt).toMatchObject({ pauseId, localState: 'queued' });
      // A double click queues nothing twice.
      expect(app.decisions.resumePause(pauseId).outboxId).toBe(receipt.outboxId);
      const round = await app.pusher.push();
      expect(round.error).toMatch(/cannot reach|503/);
      expect(app.outbox.view()).toMatchObject({
        depth: 1,
        items: [{ id: receipt.outboxId, pauseId, logId: null, decision: { action: 'resume', comment: 'fixed upstream' }, baseVersion: 1, state: 'queued' }],
      });
      expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'queued', pending: { id: receipt.outboxId, state: 'queued' } });
      expect(app.engine.status()).toMatchObject({ connectivity: 'offline', outboxDepth: 1 });
    } finally {
      await outage.start();
    }
    await waitFor(() => app.outbox.view().depth === 0, 'the scheduled retry to send the resume');
    expect(await serverPause(server, pauseId)).toMatchObject({ resumed_by: 'test ops', version: 2, resumed_at: expect.any(String) });
    expect((await auditCounts(server, 'auto_apply_pause.resume', [pauseId])).get(pauseId)).toBe(1);
    const cached = app.repos.pauses.get(pauseId)!;
    expect(cached).toMatchObject({ localState: 'synced', version: 2, pending: null, row: { resumed_by: 'test ops' } });
    expect(app.conflicts.list()).toEqual([]);
  });

  it('settles a resume as done when someone resumed the pause on the server meanwhile: no conflict to resolve', async () => {
    const { pauseId } = await seedActivePause(server);
    const app = await syncedConsole();
    // Resumed on the server after the console last synced: the console still shows it in force.
    const elsewhere = await server.request('POST', `/api/v1/plugins/autoheal/pauses/${pauseId}/resume`, { as: 'admin', body: {} });
    expect(elsewhere.status).toBe(200);
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ version: 1, row: { resumed_at: null } });

    app.decisions.resumePause(pauseId);
    await app.pusher.push();
    expect(app.settled).toEqual(['pause sent']);
    expect(app.conflicts.list()).toEqual([]);
    expect(app.outbox.view().items).toEqual([]);
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'synced', version: 2, row: { resumed_by: 'test admin' } });
    expect((await auditCounts(server, 'auto_apply_pause.resume', [pauseId])).get(pauseId)).toBe(1);
  });

  it('turns a resume on a pause the server changed (still in force) into a conflict that each resolution settles', async () => {
    const pauses = [await seedActivePause(server), await seedActivePause(server), await seedActivePause(server)].map((p) => p.pauseId);
    const app = await syncedConsole();
    // The server's rows move on while they stay in force (a later edit of the pause).
    await server.db.query("UPDATE auto_apply_pauses SET version = version + 1, reason = reason || ' (noted)' WHERE id = ANY($1::uuid[])", [pauses]);
    for (const id of pauses) app.decisions.resumePause(id);
    await app.pusher.push();
    expect(app.settled).toEqual(['pause conflict', 'pause conflict', 'pause conflict']);

    const conflicts = app.conflicts.list();
    expect(conflicts.map((c) => c.pauseId)).toEqual(pauses);
    expect(conflicts[0]).toMatchObject({
      logId: null,
      mine: { decision: { action: 'resume' }, baseVersion: 1 },
      theirs: { id: pauses[0], version: 2, resumed_at: null },
      error: { code: 'stale_version' },
    });
    for (const id of pauses) expect(app.repos.pauses.get(id)?.localState).toBe('conflict');
    expect(app.engine.status().conflicts).toBe(3);

    expect(app.conflicts.resolve(conflicts[0]!.id, 'take_theirs')).toEqual({ resolution: 'take_theirs', outboxId: null });
    expect(app.repos.pauses.get(pauses[0]!)).toMatchObject({ localState: 'synced', version: 2, row: { resumed_at: null } });
    expect(app.conflicts.resolve(conflicts[1]!.id, 'discard').outboxId).toBeNull();
    expect(app.repos.pauses.get(pauses[1]!)?.localState).toBe('synced');
    const kept = app.conflicts.resolve(conflicts[2]!.id, 'keep_mine');
    expect(kept.outboxId).not.toBeNull();
    expect(app.outbox.view().items).toEqual([expect.objectContaining({ id: kept.outboxId, pauseId: pauses[2], baseVersion: 2 })]);

    await waitFor(() => app.outbox.view().depth === 0, 'the kept resume to be sent');
    expect((await serverPause(server, pauses[0]!)).resumed_at).toBeNull();
    expect((await serverPause(server, pauses[1]!)).resumed_at).toBeNull();
    expect((await serverPause(server, pauses[2]!)).resumed_at).not.toBeNull();
    expect(app.repos.pauses.get(pauses[2]!)).toMatchObject({ localState: 'synced', version: 3 });
    expect(app.conflicts.list()).toEqual([]);
  });

  it('marks a resume the backend refuses (a reviewer may not resume) rejected without blocking what is queued behind it', async () => {
    const { pauseId } = await seedActivePause(server);
    const { ids } = await seedPendingLogs(server, 1);
    const app = await syncedConsole({ as: 'reviewer' });
    app.decisions.resumePause(pauseId);
    app.decisions.decide(ids[0]!, { action: 'approve' });
    await app.pusher.push();
    expect(app.settled).toEqual(['pause rejected', 'log sent']);
    expect((await serverStatuses(server, ids)).get(ids[0]!)).toBe('approved');
    const [refused] = app.outbox.view().items;
    expect(refused).toMatchObject({ pauseId, state: 'rejected', lastError: expect.stringMatching(/^403 forbidden/) });
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'rejected', pending: { id: refused!.id, state: 'rejected' } });

    const again = app.outbox.retry(refused!.id);
    expect(again).toMatchObject({ pauseId, state: 'queued', decision: { action: 'resume' } });
    expect(again.idempotencyKey).not.toBe(refused!.idempotencyKey);
    expect(app.repos.pauses.get(pauseId)?.localState).toBe('queued');
    await app.pusher.push();
    const stillRefused = app.outbox.view().items[0]!;
    expect(stillRefused.state).toBe('rejected');
    app.outbox.dismiss(stillRefused.id);
    expect(app.outbox.view().items).toEqual([]);
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'synced', pending: null });
    expect((await serverPause(server, pauseId)).resumed_at).toBeNull();
  });

  it('refuses, with a clear error, to resume a pause the cache does not hold or that is already resumed', async () => {
    const { pauseId } = await seedActivePause(server);
    const resumed = await server.request('POST', `/api/v1/plugins/autoheal/pauses/${pauseId}/resume`, { as: 'ops', body: {} });
    expect(resumed.status).toBe(200);
    const app = await syncedConsole();

    const unknown = randomUUID();
    expect(() => app.decisions.resumePause(unknown)).toThrow(new ServiceError('not_found', 'not_in_cache', `auto-apply pause ${unknown} is not in the local cache`));
    let error: unknown;
    try {
      app.decisions.resumePause(pauseId);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ kind: 'conflict', message: 'auto-apply was already resumed by test ops; there is nothing to resume' });
    expect(app.outbox.view().items).toEqual([]);
  });
});
