import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { activateVersion, getVersion } from './patch-repository.js';
import { createApprovedPatch, patchBody, selfHeal, uniqueCode } from './testing.js';

describe.each(testBackends())('SDK patch deactivation on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [100] });
  });
  afterAll(async () => server?.close());

  const lookup = (code: string) => selfHeal(server, { status: 429, error_code: code, error: '429 Too Many Requests' });
  const approve = (id: string, version: number, as: 'reviewer' | 'reviewer2' = 'reviewer') =>
    server.request('POST', `/api/dev/patches/${id}/versions/${version}/approve`, { as });
  const deactivate = (id: string) => server.request('DELETE', `/api/dev/patches/${id}`, { as: 'dev_admin' });
  const reactivate = (id: string, body: unknown = {}, as: 'dev_admin' | 'reviewer' | 'ops' = 'dev_admin') =>
    server.request('POST', `/api/dev/patches/${id}/reactivate`, { as, body });
  const auditOf = async (id: string) =>
    (
      await server.db.query<{ action: string; actor_role: string; after: Record<string, unknown> }>(
        "SELECT action, actor_role, after FROM audit_log WHERE entity_type = 'sdk_patch' AND entity_id = $1 ORDER BY id",
        [id],
      )
    ).rows;

  it('deactivates a patch whose only version waits for review, audits it, and then refuses to approve that version', async () => {
    const code = uniqueCode('pendingoff');
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code) });
    const id = created.body.patch.id as string;
    const deleted = await deactivate(id);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, active: false, deactivated_by: 'test dev_admin' });
    expect(deleted.body.deactivated_at).toEqual(expect.any(String));
    expect((await auditOf(id)).map((r) => [r.action, r.actor_role])).toEqual([
      ['sdk_patch.create', 'dev_admin'],
      ['sdk_patch.deactivate', 'dev_admin'],
    ]);

    const approval = await approve(id, 1);
    expect(approval.status).toBe(409);
    expect(approval.body.error.code).toBe('patch_deactivated');
    expect(approval.body.error.details.current).toMatchObject({ id, deactivated_by: 'test dev_admin' });
    expect((await getVersion(server.db, id, 1)).status).toBe('pending_review');
    expect((await lookup(code)).body.patch).toBeNull();
  });

  it('refuses a version written after the deactivation too, until the patch is reactivated on purpose', async () => {
    const code = uniqueCode('laterversion');
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code) });
    const id = created.body.patch.id as string;
    await deactivate(id);
    const v2 = await server.request('PUT', `/api/dev/patches/${id}`, { as: 'dev_admin2', body: patchBody(code, { description: 'v2' }) });
    expect(v2.status).toBe(200);
    expect(v2.body.patch).toMatchObject({ active: false, deactivated_at: expect.any(String) });
    expect((await approve(id, 2)).body.error.code).toBe('patch_deactivated');

    const reactivated = await reactivate(id, { reason: 'the 429 storm is back' });
    expect(reactivated.status).toBe(200);
    // Nothing was ever approved: reactivating serves nothing by itself.
    expect(reactivated.body).toMatchObject({ id, active: false, deactivated_at: null, deactivated_by: null });
    expect((await lookup(code)).body.patch).toBeNull();
    expect((await approve(id, 2)).status).toBe(200);
    expect((await lookup(code)).body.patch).toMatchObject({ patch_id: id, version: 2, description: 'v2' });
    const audit = await auditOf(id);
    expect(audit.map((r) => r.action)).toEqual([
      'sdk_patch.create',
      'sdk_patch.deactivate',
      'sdk_patch.new_version',
      'sdk_patch.reactivate',
      'sdk_patch.approve',
    ]);
    expect(audit[3]).toMatchObject({ actor_role: 'dev_admin', after: { reason: 'the 429 storm is back', deactivated_at: null } });
  });

  it('stops serving an active patch with a pending version, refuses that version, and serves the approved one again on reactivation', async () => {
    const code = uniqueCode('activeoff');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: patchBody(code, { description: 'v2' }) });
    expect((await deactivate(patch.id)).body).toMatchObject({ active: false, active_version: 1 });
    expect((await lookup(code)).body.patch).toBeNull();
    expect((await approve(patch.id, 2)).body.error.code).toBe('patch_deactivated');

    // A second deactivation changes nothing and writes nothing.
    const again = await deactivate(patch.id);
    expect(again.status).toBe(200);
    expect((await auditOf(patch.id)).filter((r) => r.action === 'sdk_patch.deactivate')).toHaveLength(1);

    const reactivated = await reactivate(patch.id);
    expect(reactivated.body).toMatchObject({ active: true, active_version: 1, deactivated_at: null });
    expect((await lookup(code)).body.patch).toMatchObject({ version: 1 });
    expect((await approve(patch.id, 2)).status).toBe(200);
    expect((await lookup(code)).body.patch).toMatchObject({ version: 2, description: 'v2' });
  });

  it('lets only dev_admin reactivate, only a deactivated patch, at the version the caller saw', async () => {
    const code = uniqueCode('reactivate');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    const notDeactivated = await reactivate(patch.id);
    expect(notDeactivated.status).toBe(409);
    expect(notDeactivated.body.error).toMatchObject({ code: 'not_deactivated', details: { current: { id: patch.id } } });
    await deactivate(patch.id);
    expect((await reactivate(patch.id, {}, 'reviewer')).status).toBe(403);
    expect((await reactivate(patch.id, {}, 'ops')).status).toBe(403);
    const stale = await server.request('POST', `/api/dev/patches/${patch.id}/reactivate`, { as: 'dev_admin', body: {}, headers: { 'if-match': '"9"' } });
    expect(stale.body.error.code).toBe('stale_version');
    expect((await reactivate(patch.id, { reason: '' })).body.error.field).toBe('body.reason');
    expect((await reactivate('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await lookup(code)).body.patch).toBeNull();
  });

  it('never serves a deactivated patch by another path: the repository, hand-written SQL, or a cache filled before', async () => {
    const code = uniqueCode('otherpaths');
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code) });
    const id = created.body.patch.id as string;
    await deactivate(id);
    const pending = await getVersion(server.db, id, 1);
    await expect(server.db.transaction((tx) => activateVersion(tx, pending, { tokenId: 'someone', name: 'someone' }))).rejects.toMatchObject({
      statusCode: 409,
      code: 'patch_deactivated',
    });
    await expect(server.db.query('UPDATE sdk_self_healing_registry SET active = true WHERE id = $1', [id])).rejects.toThrow(
      /sdk_registry_deactivated_not_served/,
    );

    // A served patch deactivated behind this server's back (another process, psql): the change
    // notification empties the cache filled while it was served.
    const served = await createApprovedPatch(server, patchBody(uniqueCode('cached')));
    const cachedCode = (await server.request('GET', `/api/dev/patches/${served.patch.id}`, { as: 'ops' })).body.versions[0].match.error_code;
    expect((await lookup(cachedCode)).body.patch).not.toBeNull();
    await server.db.query('UPDATE sdk_self_healing_registry SET active = false, deactivated_at = now() WHERE id = $1', [served.patch.id]);
    await vi.waitFor(async () => expect((await lookup(cachedCode)).body.patch).toBeNull(), { timeout: 4_000, interval: 50 });
  });
});
