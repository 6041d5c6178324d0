import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchBody } from '../../src-server/sdk/testing.js';
import { TEST_TOKENS, startTestServer, type TestServer } from '../../src-server/testing/harness.js';
import { closeTestServer, waitFor } from '../sync/testing/fixtures.js';
import type { IpcRouter } from './router.js';
import { startRoutedConsole } from './testing.js';

/** Every patch channel through the router as the app wires it, each answer held to the contract. */
describe('the SDK patch channels, through the IPC router', () => {
  let server: TestServer;
  let router: IpcRouter;
  let close: () => Promise<void>;
  const call = async (channel: string, request: unknown) => {
    const result = await router.invoke(channel, request);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.data as any;
  };

  beforeAll(async () => {
    server = await startTestServer('pglite');
    ({ router, close } = await startRoutedConsole('molam-ipc-patches-test-'));
    const saved = await call('ops:settings.saveProfile', { name: 'Local', url: server.baseUrl, token: TEST_TOKENS.dev_admin });
    await call('ops:settings.switchProfile', { id: saved.id });
  });
  afterAll(async () => {
    await close?.();
    await closeTestServer(server);
  });

  it('authors a patch from a draft, lists it with its figures, exports the runbook, and refuses what the role does not allow', async () => {
    const existing = await server.request('POST', '/api/dev/patches', { as: 'dev_admin2', body: patchBody(`router_${process.pid}`) });
    await server.request('POST', `/api/dev/patches/${existing.body.patch.id}/versions/1/approve`, { as: 'reviewer' });
    await call('ops:sync.now', {});
    expect(await call('ops:patches.refreshStats', {})).toEqual({ computedAt: expect.any(String), refreshedAt: expect.any(String) });

    const draft = await call('ops:drafts.create', { fromFailure: { sdk_language: 'node', status: 429, error_code: 'slow_down', message: 'Too many requests.' } });
    const refused = await call('ops:drafts.save', { draftId: draft.id, text: draft.text, changeNote: '' });
    expect(refused.problems[0]).toMatchObject({ path: expect.any(String), line: expect.any(Number), column: expect.any(Number) });
    expect(await call('ops:drafts.submit', { draftId: draft.id, changeNote: 'retry later' })).toMatchObject({ ok: false });
    const text = JSON.stringify(patchBody('slow_down', { match: { status: 429, error_code: 'slow_down', message_pattern: 'Too many requests\\.' } }), null, 2);
    expect((await call('ops:drafts.save', { draftId: draft.id, text, changeNote: 'retry later' })).problems).toEqual([]);

    const dry = await call('ops:patches.dryRun', {
      draftText: text,
      failure: { sdk_language: 'node', status: 429, error_code: 'slow_down', message: 'Too many requests.' },
      call: { request: { method: 'POST', path: '/v1/payments', headers: {}, body: {} }, options: {}, credential: 'primary' },
    });
    expect(dry).toMatchObject({ ok: true, result: { matches: [expect.objectContaining({ patch_id: null })], outcome: expect.anything() } });

    const submitted = await call('ops:drafts.submit', { draftId: draft.id, changeNote: 'retry later' });
    expect(submitted).toMatchObject({ ok: true, receipt: { delivery: { status: 'sent' }, patchId: expect.any(String) } });
    await call('ops:sync.now', {});

    const list = await call('ops:patches.list', { filters: { search: 'slow_down' } });
    expect(list.rows).toEqual([expect.objectContaining({ id: submitted.receipt.patchId, state: 'in_review', pending_version: 1, author: 'test dev_admin' })]);
    expect(await call('ops:patches.detail', { patchId: submitted.receipt.patchId })).toMatchObject({ versions: [{ version: 1, change_note: 'retry later' }] });
    const all = await call('ops:patches.list', { sort: { column: 'applications_7d', direction: 'desc' } });
    expect(all.rows.find((row: any) => row.id === existing.body.patch.id)).toMatchObject({ state: 'active', stats: { applications_7d: 0 } });

    const queue = await call('ops:patches.reviewQueue', {});
    expect(queue.items.find((item: any) => item.patch.id === submitted.receipt.patchId)).toMatchObject({ ownVersion: true, changeNote: 'retry later' });
    const forbidden = await router.invoke('ops:patches.approveVersion', { patchId: submitted.receipt.patchId, version: 1 });
    expect(forbidden).toEqual({ ok: false, error: { kind: 'forbidden', code: 'role_required', message: expect.stringMatching(/reviewer/) } });

    expect(await call('ops:patches.deactivate', { patchId: existing.body.patch.id })).toMatchObject({ delivery: { status: 'sent' } });
    await waitFor(async () => (await call('ops:patches.detail', { patchId: existing.body.patch.id })).row.state === 'deactivated', 'the deactivated row');

    expect(await call('ops:patches.unpatched', {})).toMatchObject({ items: expect.any(Array), stats: { refreshedAt: expect.any(String) } });
    const tables = await call('ops:runbook.tables', {});
    expect(tables.runbook).toMatchObject({ active_patches: expect.any(Number) });
    const csv = await call('ops:runbook.exportCsv', { table: 'active_patches' });
    expect(csv.csv).toBe(`\uFEFFactive_patches\r\n${tables.runbook.active_patches}\r\n`);
    expect(await call('ops:triage.exportCsv', { filters: {} })).toMatchObject({ rows: 0, csv: expect.stringMatching(/^\uFEFFid,plugin_id,/) });
    expect(await call('ops:drafts.list', {})).toEqual({ drafts: [] });
  });
});
