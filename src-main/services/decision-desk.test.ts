import { describe, expect, it } from 'vitest';
import { testBackends } from '../../src-server/testing/harness.js';
import { serverPerSuite, serverStatuses, type consoleFor } from './testing/console-fixture.js';
import { seedPendingLogs } from '../sync/testing/fixtures.js';
import { DecisionDesk } from './decision-desk.js';
import { DecisionService } from './decision-service.js';
import { DeliveryWatch } from './delivery-watch.js';

describe.each(testBackends())('a decision answers what became of its push, against the reference backend on %s', (backend) => {
  const suite = serverPerSuite(backend);

  /** The console as the app wires the desk: decisions queued without a kick, the watch kicks once. */
  async function deskFor(options: Parameters<typeof consoleFor>[1] & { waitMs?: number; session?: boolean } = {}) {
    const app = await suite.syncedConsole(options);
    const watch = new DeliveryWatch(
      {
        onDidSettleItem: app.pusher.onDidSettleItem,
        onDidPush: app.pusher.onDidPush,
        kick: () => {
          if (options.session === false) return false;
          app.pusher.kick();
          return true;
        },
      },
      options.waitMs,
    );
    const decisions = new DecisionService(app.repos, () => app.profileId, () => undefined);
    return { app, desk: new DecisionDesk(app.repos, decisions, app.conflicts, watch) };
  }

  it('says sent once the backend accepted the decision, and names the log and its plugin', async () => {
    const { ids } = await seedPendingLogs(suite.server, 1);
    const { app, desk } = await deskFor();
    const receipt = await desk.decide(ids[0]!, { action: 'approve' });
    expect(receipt.delivery).toEqual({ status: 'sent' });
    expect(receipt.subject).toEqual({ kind: 'log', id: ids[0], pluginId: app.repos.logs.get(ids[0]!)!.log.plugin_id });
    expect(receipt.subject.pluginId).toEqual(expect.any(String));
    expect((await serverStatuses(suite.server, ids)).get(ids[0]!)).toBe('approved');
    expect(app.outbox.view().depth).toBe(0);
  });

  it('says queued because the backend is unreachable, never sent, while the decision waits in the outbox', async () => {
    const { ids } = await seedPendingLogs(suite.server, 1);
    const { app, desk } = await deskFor();
    await suite.outage.stop();
    try {
      const receipt = await desk.decide(ids[0]!, { action: 'approve' });
      expect(receipt.delivery).toMatchObject({ status: 'queued', reason: 'unreachable', detail: expect.any(String) });
      expect(app.outbox.view().depth).toBe(1);
    } finally {
      await suite.outage.start();
    }
    expect((await serverStatuses(suite.server, ids)).get(ids[0]!)).toBe('pending_review');
  });

  it('says queued when no answer came within the wait, and when no session can push', async () => {
    const { ids } = await seedPendingLogs(suite.server, 2);
    const slow = await deskFor({ waitMs: 0 });
    expect((await slow.desk.decide(ids[0]!, { action: 'approve' })).delivery).toMatchObject({ status: 'queued', reason: 'no_answer_yet' });
    const closed = await deskFor({ session: false });
    expect((await closed.desk.decide(ids[1]!, { action: 'approve' })).delivery).toMatchObject({ status: 'queued', reason: 'no_session' });
    expect(closed.app.outbox.view().depth).toBe(1);
  });

  it('answers a decision queued while a push round is running once the round that follows sends it', async () => {
    const { ids } = await seedPendingLogs(suite.server, 6);
    const { app, desk } = await deskFor();
    for (const id of ids.slice(0, 5)) app.decisions.decide(id, { action: 'approve' });
    const running = app.pusher.push();
    const receipt = await desk.decide(ids[5]!, { action: 'approve' });
    expect(receipt.delivery).toEqual({ status: 'sent' });
    await running;
    expect([...(await serverStatuses(suite.server, ids)).values()].every((status) => status === 'approved')).toBe(true);
    expect(app.outbox.view().depth).toBe(0);
  });

  it('says conflict on a 409 and refused on another 4xx, with the backend reason', async () => {
    const { ids } = await seedPendingLogs(suite.server, 2);
    const { desk } = await deskFor({ as: 'ops' });
    // Rejected on the server after the console synced: the console's version is stale.
    expect((await suite.server.request('POST', `/api/v1/plugins/autoheal/${ids[0]}/reject`, { as: 'reviewer', body: { reason: 'no' } })).status).toBe(200);
    expect((await desk.decide(ids[0]!, { action: 'apply' })).delivery).toMatchObject({ status: 'conflict', code: expect.stringMatching(/^(stale_version|invalid_transition)$/), message: expect.stringMatching(/stale_version|invalid_transition/) });
    // ops may not approve.
    expect((await desk.decide(ids[1]!, { action: 'approve' })).delivery).toMatchObject({ status: 'refused', code: 'forbidden', message: expect.stringMatching(/^403 forbidden/) });
  });

  it('answers a bulk decision per log, in order: the ones sent, and the one the cache refused with why', async () => {
    const { ids } = await seedPendingLogs(suite.server, 3);
    const { desk } = await deskFor();
    const unknown = '00000000-0000-4000-8000-0000000000aa';
    const { items } = await desk.decideMany([ids[0]!, unknown, ids[1]!, ids[2]!], { action: 'approve' });
    expect(items.map((item) => item.logId)).toEqual([ids[0], unknown, ids[1], ids[2]]);
    expect(items[1]).toEqual({ queued: false, logId: unknown, error: `healing log ${unknown} is not in the local cache` });
    for (const index of [0, 2, 3]) expect(items[index]).toMatchObject({ queued: true, receipt: { delivery: { status: 'sent' } } });
    expect([...(await serverStatuses(suite.server, ids)).values()]).toEqual(['approved', 'approved', 'approved']);
  });

  it('answers keep mine with what became of the decision queued again, and the other choices with none', async () => {
    const { ids } = await seedPendingLogs(suite.server, 2);
    const { app, desk } = await deskFor();
    for (const id of ids) expect((await suite.server.request('POST', `/api/v1/plugins/autoheal/${id}/reject`, { as: 'reviewer', body: { reason: 'no' } })).status).toBe(200);
    for (const id of ids) expect((await desk.decide(id, { action: 'rollback' })).delivery.status).toBe('conflict');
    const [first, second] = app.conflicts.list();
    const discarded = await desk.resolveConflict(second!.id, 'discard');
    expect(discarded).toMatchObject({ resolution: 'discard', outboxId: null, delivery: null, subject: { kind: 'log', id: second!.logId } });
    const kept = await desk.resolveConflict(first!.id, 'keep_mine');
    expect(kept.subject).toMatchObject({ kind: 'log', id: first!.logId });
    // A rejected log cannot be rolled back: the server refuses it again, and the answer says so.
    expect(kept.delivery?.status).toMatch(/conflict|refused/);
  });
});
