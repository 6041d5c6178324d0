import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { TEST_TOKENS, testBackends, type TokenName } from '../../../src-server/testing/harness.js';
import { patchBody } from '../../../src-server/sdk/testing.js';
import { waitFor } from '../../sync/testing/fixtures.js';
import { DecisionService } from '../decision-service.js';
import { DeliveryWatch } from '../delivery-watch.js';
import { ServiceError } from '../service-error.js';
import { serverPerSuite } from '../testing/console-fixture.js';
import { DraftService } from './draft-service.js';
import { PatchDesk } from './patch-desk.js';

let codes = 0;
const uniqueCode = (name: string) => `${name}_${process.pid}_${++codes}`;

describe.each(testBackends())('SDK patch decisions through the outbox, against the reference backend on %s', (backend) => {
  const suite = serverPerSuite(backend);

  /** A console signed in as `as`, wired as the app wires the patch services (the watch kicks the pusher). */
  async function patchConsole(as: TokenName) {
    const app = await suite.syncedConsole({ as });
    const watch = new DeliveryWatch({ onDidSettleItem: app.pusher.onDidSettleItem, onDidPush: app.pusher.onDidPush, kick: () => (app.pusher.kick(), true) }, 2_000);
    const decisions = new DecisionService(app.repos, () => app.profileId, () => undefined);
    return Object.assign(app, { desk: new PatchDesk(app.repos, decisions, watch), drafts: new DraftService(app.repos, decisions, watch) });
  }

  async function createPatch(as: TokenName, code: string): Promise<string> {
    const created = await suite.server.request('POST', '/api/dev/patches', { as, body: patchBody(code) });
    expect(created.status).toBe(201);
    return created.body.patch.id as string;
  }

  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ServiceError) return { kind: error.kind, code: error.code, message: error.message };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('submits a draft written offline once the backend is back, and refuses a draft the patch format refuses before it reaches the outbox', async () => {
    const app = await patchConsole('dev_admin');
    const draft = app.drafts.create({ fromFailure: { sdk_language: 'python', status: 402, error_code: 'card_declined', message: 'Card (x) declined.' } });
    expect(JSON.parse(draft.text)).toMatchObject({ sdk_language: 'python', match: { sdk_language: 'python', status: 402, error_code: 'card_declined', message_pattern: 'Card \\(x\\) declined\\.' } });
    expect(app.drafts.list().drafts.map((d) => d.id)).toEqual([draft.id]);

    // Refused by the format: nothing is queued.
    const saved = app.drafts.save(draft.id, draft.text, '');
    expect(saved.problems.length).toBeGreaterThan(0);
    expect(await app.drafts.submit(draft.id, 'first try')).toMatchObject({ ok: false, problems: expect.any(Array) });
    expect(app.outbox.view().depth).toBe(0);

    const code = uniqueCode('offline');
    app.drafts.save(draft.id, JSON.stringify(patchBody(code)), 'back off politely');
    await suite.outage.stop();
    try {
      const submitted = await app.drafts.submit(draft.id, 'back off politely');
      expect(submitted).toMatchObject({ ok: true, receipt: { patchId: null, delivery: { status: 'queued', reason: 'unreachable' } } });
      expect(app.repos.drafts.get(draft.id)).toMatchObject({ localState: 'queued', draft: { submittedAt: expect.any(String), changeNote: 'back off politely' } });
      // A submitted draft cannot be changed under its queued submission.
      expect(refusal(() => app.drafts.save(draft.id, '{}', ''))).toMatchObject({ kind: 'conflict', code: 'draft_submitted' });
      // The outbox's healing-log columns stay empty for patch kinds.
      expect(app.repos.cache.sql.prepare('SELECT kind, log_id, pause_id FROM outbox').all()).toEqual([{ kind: 'patch_draft', log_id: null, pause_id: null }]);
    } finally {
      await suite.outage.start();
    }
    await waitFor(() => app.outbox.view().depth === 0, 'the retry to send the draft');
    const sent = app.repos.drafts.get(draft.id)!;
    expect(sent).toMatchObject({ localState: 'synced', sentPatchId: expect.any(String) });
    expect(app.drafts.list().drafts).toEqual([]);
    const onServer = await suite.server.request('GET', `/api/dev/patches/${sent.sentPatchId}`, { as: 'reviewer' });
    expect(onServer.body).toMatchObject({
      patch: { error_signature: '429 Too Many Requests' },
      versions: [{ version: 1, status: 'pending_review', change_note: 'back off politely' }],
    });
    expect(app.repos.patches.versionsOf(sent.sentPatchId!).map((v) => v.version.status)).toEqual(['pending_review']);
  });

  it('refuses the author’s own approval before queuing it, and a review from a role that has none', async () => {
    const patchId = await createPatch('admin', uniqueCode('own'));
    const admin = await patchConsole('admin');
    expect(refusal(() => admin.desk.approve(patchId, 1))).toMatchObject({ kind: 'forbidden', code: 'own_patch_version', message: expect.stringMatching(/two-person rule/) });
    expect(admin.desk.reviewQueue().items.find((i) => i.patch.id === patchId)).toMatchObject({ ownVersion: true, activeVersion: null });
    const devAdmin = await patchConsole('dev_admin');
    expect(refusal(() => devAdmin.desk.reject(patchId, 1, 'no'))).toMatchObject({ kind: 'forbidden', code: 'role_required', message: expect.stringMatching(/reviewer/) });
    const reviewer = await patchConsole('reviewer');
    expect(refusal(() => reviewer.desk.deactivate(patchId))).toMatchObject({ kind: 'forbidden', code: 'role_required', message: expect.stringMatching(/dev_admin/) });
    expect([admin, devAdmin, reviewer].map((c) => c.outbox.view().depth)).toEqual([0, 0, 0]);
  });

  it('approves a version, and turns a review another reviewer decided first into a conflict holding their version', async () => {
    const first = await createPatch('dev_admin', uniqueCode('approve'));
    const second = await createPatch('dev_admin', uniqueCode('late'));
    const reviewer = await patchConsole('reviewer');
    expect(await reviewer.desk.approve(first, 1, 'looks right')).toMatchObject({ patchId: first, delivery: { status: 'sent' } });
    expect(reviewer.repos.patches.version(first, 1)).toMatchObject({ localState: 'synced', version: { status: 'active', review_comment: 'looks right' } });

    // Another reviewer rejects the second patch's version while this console's approval waits offline.
    // The rejection reaches the backend (in process, over the same database) before the console can
    // reach it again, so the queued approval is pushed second whatever the timing.
    await suite.outage.stop();
    let receipt;
    try {
      receipt = await reviewer.desk.approve(second, 1);
      expect(receipt.delivery).toMatchObject({ status: 'queued' });
      const other = await buildApp(suite.server.db, { ...suite.server.built.context.config });
      try {
        const rejected = await other.app.inject({
          method: 'POST',
          url: `/api/dev/patches/${second}/versions/1/reject`,
          headers: { authorization: `Bearer ${TEST_TOKENS.reviewer2}`, 'content-type': 'application/json' },
          payload: { reason: 'too broad' },
        });
        expect(rejected.statusCode).toBe(200);
      } finally {
        await other.close();
      }
    } finally {
      await suite.outage.start();
    }
    await waitFor(() => reviewer.outbox.view().depth === 0, 'the queued approval to be pushed');
    const [conflict] = reviewer.repos.conflicts.list(reviewer.profileId);
    expect(conflict).toMatchObject({ kind: 'patch_review', error: { code: 'invalid_transition' } });
    expect(conflict!.theirs).toMatchObject({ status: 'rejected', rejection_reason: 'too broad' });
    const versionId = reviewer.repos.patches.version(second, 1)!.version.id;
    expect(reviewer.repos.pendingStates.stateOf('patch_review', versionId)).toBe('conflict');
    reviewer.conflicts.resolve(conflict!.id, 'take_theirs');
    expect(reviewer.repos.patches.version(second, 1)).toMatchObject({ localState: 'synced', version: { status: 'rejected' } });
  });

  it('deactivates and reactivates a patch, the row showing the decision until the backend accepts it', async () => {
    const patchId = await createPatch('dev_admin', uniqueCode('service'));
    await suite.server.request('POST', `/api/dev/patches/${patchId}/versions/1/approve`, { as: 'reviewer' });
    const app = await patchConsole('dev_admin');
    await suite.outage.stop();
    try {
      expect((await app.desk.deactivate(patchId, 'misfires')).delivery).toMatchObject({ status: 'queued' });
      expect(app.repos.patches.patch(patchId)).toMatchObject({ localState: 'queued' });
    } finally {
      await suite.outage.start();
    }
    await waitFor(() => app.outbox.view().depth === 0, 'the deactivation to be pushed');
    expect(app.repos.patches.patch(patchId)).toMatchObject({ localState: 'synced', patch: { deactivated_at: expect.any(String) } });
    expect(await app.desk.reactivate(patchId, 'fixed')).toMatchObject({ delivery: { status: 'sent' } });
    expect(app.repos.patches.patch(patchId)!.patch.deactivated_at).toBeNull();
    const onServer = await suite.server.request('GET', `/api/dev/patches/${patchId}`, { as: 'ops' });
    expect(onServer.body.patch).toMatchObject({ deactivated_at: null, active: true });
  });
});
