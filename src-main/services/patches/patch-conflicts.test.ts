import { describe, expect, it } from 'vitest';
import { testBackends, type TokenName } from '../../../src-server/testing/harness.js';
import { patchBody } from '../../../src-server/sdk/testing.js';
import { ConflictSchema, type Conflict } from '../../../src-shared/ipc/conflicts.js';
import { DECISION_KINDS } from '../../../src-shared/ipc/decision-kinds.js';
import { OutboxViewSchema } from '../../../src-shared/ipc/outbox.js';
import { OUTBOX_KINDS } from '../../outbox/outbox-kinds.js';
import { waitFor } from '../../sync/testing/fixtures.js';
import { DecisionDesk } from '../decision-desk.js';
import { DecisionService } from '../decision-service.js';
import { DeliveryWatch } from '../delivery-watch.js';
import { serverPerSuite } from '../testing/console-fixture.js';
import { DraftService } from './draft-service.js';
import { PatchDesk } from './patch-desk.js';

let codes = 0;
const uniqueCode = (name: string) => `${name}_${process.pid}_${++codes}`;
const SIGNATURE = patchBody('x').error_signature;

describe('the decision kinds', () => {
  it('are the outbox kinds the main process registers, one for one', () => {
    expect(OUTBOX_KINDS.map((kind) => kind.kind).sort()).toEqual([...DECISION_KINDS].sort());
  });
});

describe.each(testBackends())('conflicts of SDK patch decisions someone else took first, against the reference backend on %s', (backend) => {
  const suite = serverPerSuite(backend);

  /** A console signed in as `as`, wired as the app wires the patch services and the decision desk. */
  async function patchConsole(as: TokenName) {
    const app = await suite.syncedConsole({ as });
    const watch = new DeliveryWatch({ onDidSettleItem: app.pusher.onDidSettleItem, onDidPush: app.pusher.onDidPush, kick: () => (app.pusher.kick(), true) }, 2_000);
    const decisions = new DecisionService(app.repos, () => app.profileId, () => undefined);
    return Object.assign(app, {
      desk: new PatchDesk(app.repos, decisions, watch),
      drafts: new DraftService(app.repos, decisions, watch),
      decisionDesk: new DecisionDesk(app.repos, decisions, app.conflicts, watch),
      /** The open conflicts as the renderer receives them (checked against the contract). */
      listed: (): Conflict[] => app.conflicts.list().map((conflict) => ConflictSchema.parse(conflict)),
    });
  }

  async function createPatch(code: string, approved = false): Promise<string> {
    const created = await suite.server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code) });
    expect(created.status).toBe(201);
    const id = created.body.patch.id as string;
    if (approved) expect((await suite.server.request('POST', `/api/dev/patches/${id}/versions/1/approve`, { as: 'reviewer' })).status).toBe(200);
    return id;
  }

  /** Submits the next version of `patchId` from `app`, its description changed. */
  async function submitVersion(app: Awaited<ReturnType<typeof patchConsole>>, patchId: string, note: string) {
    const draft = app.drafts.create({ patchId });
    const text = JSON.stringify({ ...JSON.parse(draft.text), description: `${note} (description)` });
    app.drafts.save(draft.id, text, note);
    return { draft, answer: await app.drafts.submit(draft.id, note) };
  }

  it('lists reviews another reviewer decided first as patch_review conflicts naming the version, and resolves each as it says', async () => {
    const [kept, taken, discarded] = [await createPatch(uniqueCode('kept')), await createPatch(uniqueCode('taken')), await createPatch(uniqueCode('discarded'))];
    const mine = await patchConsole('reviewer');
    const other = await patchConsole('reviewer2');
    expect((await other.desk.approve(kept, 1, 'first')).delivery).toEqual({ status: 'sent' });
    expect((await other.desk.reject(taken, 1, 'too broad')).delivery).toEqual({ status: 'sent' });
    expect((await other.desk.approve(discarded, 1)).delivery).toEqual({ status: 'sent' });

    // This console still shows the three versions waiting: its reviews reach the backend second.
    expect((await mine.desk.approve(kept, 1)).delivery).toMatchObject({ status: 'conflict', code: 'invalid_transition' });
    expect((await mine.desk.approve(taken, 1, 'fine by me')).delivery).toMatchObject({ status: 'conflict', code: 'invalid_transition' });
    expect((await mine.desk.reject(discarded, 1, 'no')).delivery).toMatchObject({ status: 'conflict', code: 'invalid_transition' });
    expect(OutboxViewSchema.parse(mine.outbox.view())).toMatchObject({ depth: 0, items: [] });

    const versionId = (patchId: string) => mine.repos.patches.version(patchId, 1)!.version.id;
    const conflicts = mine.listed();
    expect(conflicts.map((c) => [c.kind, c.targetId, c.logId, c.pauseId])).toEqual([kept, taken, discarded].map((id) => ['patch_review', versionId(id), null, null]));
    const [onKept, onTaken, onDiscarded] = conflicts as [Conflict, Conflict, Conflict];
    expect(onTaken).toMatchObject({
      subject: { kind: 'patch_review', id: versionId(taken), pluginId: null, patch: { patchId: taken, errorSignature: SIGNATURE, version: 1 } },
      mine: { decision: { action: 'approve', patchId: taken, version: 1, comment: 'fine by me' }, baseVersion: 1 },
      theirs: { id: versionId(taken), status: 'rejected', rejection_reason: 'too broad' },
      error: { code: 'invalid_transition' },
    });
    expect(onKept.theirs).toMatchObject({ status: 'active', review_comment: 'first' });
    expect(mine.repos.pendingStates.stateOf('patch_review', versionId(kept))).toBe('conflict');

    // Keep mine sends the approval again; the version no longer waits, so the backend refuses it again.
    const keptAnswer = await mine.decisionDesk.resolveConflict(onKept.id, 'keep_mine');
    expect(keptAnswer).toMatchObject({ resolution: 'keep_mine', outboxId: expect.any(Number), subject: { kind: 'patch_review', patch: { patchId: kept, version: 1 } }, delivery: { status: 'conflict', code: 'invalid_transition' } });
    const again = mine.listed().filter((c) => c.targetId === versionId(kept));
    expect(again).toHaveLength(1);
    expect(again[0]!.id).not.toBe(onKept.id);

    // Take theirs caches the other reviewer's rejection.
    const takenAnswer = await mine.decisionDesk.resolveConflict(onTaken.id, 'take_theirs');
    expect(takenAnswer).toMatchObject({ resolution: 'take_theirs', outboxId: null, delivery: null, subject: { kind: 'patch_review', id: versionId(taken) } });
    expect(mine.repos.patches.version(taken, 1)).toMatchObject({ localState: 'synced', version: { status: 'rejected', rejection_reason: 'too broad' } });

    // Discard drops mine and leaves the cached row to the next sync.
    expect(await mine.decisionDesk.resolveConflict(onDiscarded.id, 'discard')).toMatchObject({ resolution: 'discard', outboxId: null, delivery: null });
    expect(mine.repos.patches.version(discarded, 1)).toMatchObject({ localState: 'synced', version: { status: 'pending_review' } });
    await mine.engine.syncNow();
    expect(mine.repos.patches.version(discarded, 1)!.version.status).toBe('active');
    expect(mine.listed().map((c) => c.targetId)).toEqual([versionId(kept)]);
    expect(mine.outbox.view().depth).toBe(0);
  });

  it('lists a deactivation taken on a patch that moved on as a patch_service conflict; keep mine deactivates the patch as it is now', async () => {
    const patchId = await createPatch(uniqueCode('service'), true);
    const mine = await patchConsole('dev_admin');
    const other = await patchConsole('dev_admin2');
    expect((await submitVersion(other, patchId, 'tighter match')).answer).toMatchObject({ ok: true, receipt: { delivery: { status: 'sent' } } });

    expect((await mine.desk.deactivate(patchId, 'misfires')).delivery).toMatchObject({ status: 'conflict', code: 'stale_version' });
    const [conflict] = mine.listed();
    expect(conflict).toMatchObject({
      kind: 'patch_service',
      targetId: patchId,
      logId: null,
      pauseId: null,
      subject: { kind: 'patch_service', id: patchId, patch: { patchId, errorSignature: SIGNATURE, version: 1 } },
      mine: { decision: { action: 'deactivate', reason: 'misfires' }, baseVersion: 1 },
      theirs: { id: patchId, version: 2, active_version: 1, deactivated_at: null },
    });
    expect(mine.repos.patches.patch(patchId)!.localState).toBe('conflict');

    const answer = await mine.decisionDesk.resolveConflict(conflict!.id, 'keep_mine');
    expect(answer).toMatchObject({ resolution: 'keep_mine', subject: { kind: 'patch_service', id: patchId }, delivery: { status: 'sent' } });
    expect(mine.listed()).toEqual([]);
    expect(mine.repos.patches.patch(patchId)).toMatchObject({ localState: 'synced', patch: { deactivated_at: expect.any(String) } });
    const onServer = await suite.server.request('GET', `/api/dev/patches/${patchId}`, { as: 'ops' });
    expect(onServer.body.patch).toMatchObject({ deactivated_at: expect.any(String), deactivated_by: expect.any(String) });
  });

  it('lists a draft submitted on a patch that moved on as a patch_draft conflict: discard gives the draft back, keep mine submits it on the patch as it is now', async () => {
    const patchId = await createPatch(uniqueCode('draft'), true);
    const mine = await patchConsole('dev_admin');
    const other = await patchConsole('dev_admin2');
    const draft = mine.drafts.create({ patchId });
    mine.drafts.save(draft.id, JSON.stringify({ ...JSON.parse(draft.text), description: 'mine' }), 'my change');
    expect((await submitVersion(other, patchId, 'their change')).answer).toMatchObject({ ok: true, receipt: { delivery: { status: 'sent' } } });

    expect(await mine.drafts.submit(draft.id, 'my change')).toMatchObject({ ok: true, receipt: { delivery: { status: 'conflict', code: 'stale_version' } } });
    const [first] = mine.listed();
    expect(first).toMatchObject({
      kind: 'patch_draft',
      targetId: draft.id,
      subject: { kind: 'patch_draft', id: draft.id, patch: { patchId, errorSignature: SIGNATURE, version: null } },
      mine: { decision: { action: 'update', patchId, change_note: 'my change', body: { description: 'mine' } }, baseVersion: 1 },
      theirs: { id: patchId, version: 2 },
    });
    expect(mine.repos.drafts.get(draft.id)).toMatchObject({ localState: 'conflict' });

    // Discard: the draft is mine to edit again.
    expect(await mine.decisionDesk.resolveConflict(first!.id, 'discard')).toMatchObject({ resolution: 'discard', subject: { kind: 'patch_draft', id: draft.id }, delivery: null });
    expect(mine.repos.drafts.get(draft.id)).toMatchObject({ localState: 'synced', draft: { submittedAt: null } });
    mine.drafts.save(draft.id, JSON.stringify({ ...JSON.parse(draft.text), description: 'mine, again' }), 'my change, again');

    // Submitted again on the cached (stale) patch: a conflict again; keep mine sends it on version 2.
    expect(await mine.drafts.submit(draft.id, 'my change, again')).toMatchObject({ ok: true, receipt: { delivery: { status: 'conflict' } } });
    const [second] = mine.listed();
    const kept = await mine.decisionDesk.resolveConflict(second!.id, 'keep_mine');
    expect(kept).toMatchObject({ resolution: 'keep_mine', delivery: { status: 'sent' } });
    expect(mine.listed()).toEqual([]);
    const onServer = await suite.server.request('GET', `/api/dev/patches/${patchId}`, { as: 'reviewer' });
    expect(onServer.body.versions[0]).toMatchObject({ version: 3, status: 'pending_review', change_note: 'my change, again', description: 'mine, again' });
  });

  it('shows a review queued offline in the outbox with its kind and target', async () => {
    const patchId = await createPatch(uniqueCode('queued'));
    const mine = await patchConsole('reviewer');
    await suite.outage.stop();
    try {
      expect((await mine.desk.approve(patchId, 1, 'offline')).delivery).toMatchObject({ status: 'queued' });
      const view = OutboxViewSchema.parse(mine.outbox.view());
      expect(view.items).toEqual([
        expect.objectContaining({
          kind: 'patch_review',
          targetId: mine.repos.patches.version(patchId, 1)!.version.id,
          logId: null,
          pauseId: null,
          decision: { action: 'approve', patchId, version: 1, comment: 'offline' },
        }),
      ]);
    } finally {
      await suite.outage.start();
    }
    await waitFor(() => mine.outbox.view().depth === 0, 'the queued review to be pushed');
    expect(mine.repos.patches.version(patchId, 1)!.version.status).toBe('active');
  });
});
