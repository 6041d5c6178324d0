import { createHash, createPublicKey, verify } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedPayloadOf } from '../../src-shared/patch-format.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { SIGNING_KEY_FILE } from './signing.js';
import { createApprovedPatch, patchBody, selfHeal, uniqueCode } from './testing.js';

describe.each(testBackends())('SDK patch authoring and review on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [100] });
  });
  afterAll(async () => server?.close());

  const lookup = (code: string) => selfHeal(server, { status: 429, error_code: code, error: '429 Too Many Requests' });

  it('creates a patch as a signed version 1 waiting for review, which self-heal does not serve', async () => {
    const code = uniqueCode('pending');
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code) });
    expect(created.status).toBe(201);
    expect(created.body.patch).toMatchObject({ active: false, version: 1, active_version: null, sdk_language: 'node' });
    expect(created.body.version).toMatchObject({ version: 1, status: 'pending_review', match: { sdk_language: 'node', status: 429 } });
    expect(created.body.version.signature).toEqual(expect.any(String));
    expect((await lookup(code)).body).toEqual({ patch: null });
  });

  it('refuses approval by the version author, and lets another reviewer activate it', async () => {
    const code = uniqueCode('twoperson');
    const created = await server.request('POST', '/api/dev/patches', { as: 'admin', body: patchBody(code) });
    const url = `/api/dev/patches/${created.body.patch.id}/versions/1/approve`;
    const own = await server.request('POST', url, { as: 'admin' });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/two-person rule/);
    expect((await server.request('POST', url, { as: 'dev_admin' })).status).toBe(403);
    const approved = await server.request('POST', url, { as: 'reviewer' });
    expect(approved.status).toBe(200);
    expect(approved.body.patch).toMatchObject({ active: true, active_version: 1 });
    expect(approved.body.version).toMatchObject({ status: 'active', reviewed_by: expect.any(String) });
    // Token ids for the rule, names for people.
    const [author, reviewer] = await Promise.all(
      (['admin', 'reviewer'] as const).map(async (as) => (await server.request('GET', '/api/v1/whoami', { as })).body as { name: string; token_id: string }),
    );
    expect(created.body.patch).toMatchObject({ created_by: author!.token_id, created_by_name: author!.name });
    expect(approved.body.version).toMatchObject({
      created_by: author!.token_id,
      created_by_name: author!.name,
      reviewed_by: reviewer!.token_id,
      reviewed_by_name: reviewer!.name,
    });
    const served = await lookup(code);
    expect(served.status).toBe(200);
    expect(served.body.patch).toMatchObject({ patch_id: created.body.patch.id, version: 1, actions: patchBody(code).actions });
    const again = await server.request('POST', url, { as: 'reviewer2' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.current.status).toBe('active');
  });

  it('serves a signature that verifies against the published key, and fails once the actions are tampered with', async () => {
    const code = uniqueCode('signed');
    await createApprovedPatch(server, patchBody(code));
    const { patch } = (await lookup(code)).body;
    const keys = await server.request('GET', '/api/dev/signing-keys', { as: 'sdk' });
    expect(keys.status).toBe(200);
    const key = keys.body.keys.find((k: { key_id: string }) => k.key_id === patch.key_id);
    expect(key).toMatchObject({ algorithm: 'ed25519', current: true });
    const publicKey = createPublicKey(key.public_key_pem);
    const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
    expect(keyId).toBe(patch.key_id);
    const payload = Buffer.from(signedPayloadOf(patch));
    expect(createHash('sha256').update(payload).digest('hex')).toBe(patch.content_hash);
    expect(verify(null, payload, publicKey, Buffer.from(patch.signature, 'base64'))).toBe(true);
    const tampered = { ...patch, actions: [{ ...patch.actions[0] }, { ...patch.actions[1], max_attempts: 10 }] };
    expect(verify(null, Buffer.from(signedPayloadOf(tampered)), publicKey, Buffer.from(patch.signature, 'base64'))).toBe(false);
    expect(statSync(join(server.dataDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('keeps serving version 1 while version 2 waits, then serves version 2 and retires version 1', async () => {
    const code = uniqueCode('versions');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    const v2Body = patchBody(code, { description: 'Longer backoff', actions: [{ type: 'retry_with_backoff', max_attempts: 8, base_ms: 500, max_ms: 8000 }] });
    const stale = await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: v2Body, headers: { 'if-match': '7' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current).toMatchObject({ id: patch.id, version: 1 });
    const updated = await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: v2Body, headers: { 'if-match': '1' } });
    expect(updated.status).toBe(200);
    expect(updated.body.patch).toMatchObject({ version: 2, active_version: 1, active: true });
    expect(updated.body.patch.description).toBe(`Back off on ${code}`);
    expect(updated.body.version).toMatchObject({ version: 2, status: 'pending_review' });
    expect((await lookup(code)).body.patch).toMatchObject({ version: 1 });

    await server.request('POST', `/api/dev/patches/${patch.id}/versions/2/approve`, { as: 'reviewer' });
    const served = (await lookup(code)).body.patch;
    expect(served).toMatchObject({ version: 2, description: 'Longer backoff' });
    const detail = await server.request('GET', `/api/dev/patches/${patch.id}`, { as: 'ops' });
    expect(detail.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'active'],
      [1, 'retired'],
    ]);
    expect(detail.body.patch).toMatchObject({ active_version: 2, description: 'Longer backoff' });
  });

  it('supersedes a pending version when a newer one is written, and records rejections with their reason', async () => {
    const code = uniqueCode('reject');
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code) });
    const id = created.body.patch.id;
    await server.request('PUT', `/api/dev/patches/${id}`, { as: 'dev_admin2', body: patchBody(code, { description: 'v2' }) });
    const old = await server.request('POST', `/api/dev/patches/${id}/versions/1/approve`, { as: 'reviewer' });
    expect(old.status).toBe(409);
    expect(old.body.error.details.current.status).toBe('superseded');
    const noReason = await server.request('POST', `/api/dev/patches/${id}/versions/2/reject`, { as: 'reviewer', body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('body.reason');
    const rejected = await server.request('POST', `/api/dev/patches/${id}/versions/2/reject`, { as: 'reviewer', body: { reason: 'backoff too short' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body.version).toMatchObject({ status: 'rejected', rejection_reason: 'backoff too short' });
    expect((await lookup(code)).body.patch).toBeNull();
  });

  it('stops serving a deactivated patch and keeps its history', async () => {
    const code = uniqueCode('delete');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    expect((await lookup(code)).body.patch).not.toBeNull();
    expect((await server.request('DELETE', `/api/dev/patches/${patch.id}`, { as: 'reviewer' })).status).toBe(403);
    const deleted = await server.request('DELETE', `/api/dev/patches/${patch.id}`, { as: 'dev_admin' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: patch.id, active: false });
    expect((await lookup(code)).body.patch).toBeNull();
    const detail = await server.request('GET', `/api/dev/patches/${patch.id}`, { as: 'reviewer' });
    expect(detail.body.versions).toHaveLength(1);
    const inactive = await server.request('GET', '/api/dev/patches?active=false&sdk_language=node&limit=500', { as: 'dev_admin' });
    expect(inactive.body.items.map((p: { id: string }) => p.id)).toContain(patch.id);
  });

  it('writes the audit log for create, new version, approve, reject and deactivate', async () => {
    const code = uniqueCode('audit');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: patchBody(code, { description: 'v2' }) });
    await server.request('POST', `/api/dev/patches/${patch.id}/versions/2/reject`, { as: 'reviewer', body: { reason: 'no' } });
    await server.request('DELETE', `/api/dev/patches/${patch.id}`, { as: 'dev_admin' });
    const { rows } = await server.db.query<{ action: string; actor_role: string; before: unknown; after: unknown }>(
      `SELECT action, actor_role, before, after FROM audit_log WHERE entity_type = 'sdk_patch' AND entity_id = $1 ORDER BY id`,
      [patch.id],
    );
    expect(rows.map((r) => [r.action, r.actor_role])).toEqual([
      ['sdk_patch.create', 'dev_admin'],
      ['sdk_patch.approve', 'reviewer'],
      ['sdk_patch.new_version', 'dev_admin'],
      ['sdk_patch.reject', 'reviewer'],
      ['sdk_patch.deactivate', 'dev_admin'],
    ]);
    expect(rows[4]!.before).toMatchObject({ active: true });
    expect(rows[4]!.after).toMatchObject({ active: false });
  });

  it('pages through the patch list with a cursor', async () => {
    const language = 'ruby';
    for (let i = 0; i < 3; i += 1) {
      await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(uniqueCode('page'), { sdk_language: language }) });
    }
    const first = await server.request('GET', `/api/dev/patches?sdk_language=${language}&limit=2`, { as: 'reviewer' });
    expect(first.body.items).toHaveLength(2);
    const second = await server.request('GET', `/api/dev/patches?sdk_language=${language}&limit=2&cursor=${first.body.next_cursor}`, { as: 'reviewer' });
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(3);
    expect((await server.request('GET', '/api/dev/patches?cursor=bogus', { as: 'reviewer' })).body.error.field).toBe('query.cursor');
  });

  it('refuses unsafe or invalid patches, naming the field', async () => {
    const code = uniqueCode('bad');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ match: { message_pattern: '(a+)+$' } }, 'body.match.message_pattern'],
      [{ match: { message_pattern: '(x+x+)+y' } }, 'body.match.message_pattern'],
      [{ match: { message_pattern: '[unclosed' } }, 'body.match.message_pattern'],
      [{ match: { message_pattern: 'a'.repeat(201) } }, 'body.match.message_pattern'],
      [{ match: { sdk_version_range: 'not a range' } }, 'body.match.sdk_version_range'],
      [{ match: { sdk_language: 'python' } }, 'body.match.sdk_language'],
      [{ actions: [] }, 'body.actions'],
      [{ actions: [{ type: 'run_script', code: 'x' }] }, 'body.actions.0.type'],
      [{ actions: [{ type: 'use_fallback_credential', credential_ref: 'sk_live_123' }] }, 'body.actions.0.credential_ref'],
      [{ actions: [{ type: 'retry_with_backoff', max_attempts: 50, base_ms: 1, max_ms: 2 }] }, 'body.actions.0.max_attempts'],
      [{ sdk_language: 'cobol' }, 'body.sdk_language'],
      [{ severity: 'urgent' }, 'body.severity'],
    ];
    for (const [overrides, field] of cases) {
      const response = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(code, overrides) });
      expect({ field: response.body.error?.field, status: response.status }).toEqual({ field, status: 400 });
    }
    const safe = await server.request('POST', '/api/dev/patches', {
      as: 'dev_admin',
      body: patchBody(code, { match: { message_pattern: '(?i)too many requests|rate limit', sdk_version_range: '>=2 <4' } }),
    });
    expect(safe.status).toBe(201);
    const put = await server.request('PUT', `/api/dev/patches/${safe.body.patch.id}`, { as: 'dev_admin', body: patchBody(code, { sdk_language: 'php' }) });
    expect(put.body.error.field).toBe('body.sdk_language');
    expect((await server.request('PUT', '/api/dev/patches/not-a-uuid', { as: 'dev_admin', body: patchBody(code) })).body.error.field).toBe('params.id');
    const missing = await server.request('GET', '/api/dev/patches/00000000-0000-4000-8000-000000000000', { as: 'ops' });
    expect(missing.status).toBe(404);
  });

  it('accepts a seed-style code patch without declarative actions', async () => {
    const created = await server.request('POST', '/api/dev/patches', {
      as: 'dev_admin',
      body: {
        sdk_language: 'node',
        error_signature: 'ECONNREFUSED',
        patch_code: 'this.baseUrl = "https://api-backup.molam.com";',
        description: 'Fallback vers API de backup',
        severity: 'high',
        rollback_code: 'this.baseUrl = "https://api.molam.com";',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({ actions: [], match: { sdk_language: 'node' }, patch_code: expect.stringContaining('backup') });
  });

  it('serves a patch inserted with the runbook SQL only once a signed version is written and approved', async () => {
    const signature = uniqueCode('ConnectionError');
    const { rows } = await server.db.query<{ id: string }>(
      `INSERT INTO sdk_self_healing_registry
       (sdk_language, error_signature, patch_code, description, severity, rollback_code)
       VALUES ('python', $1, 'self.base_url = "https://api-backup.molam.com"', 'Fallback API backup pour Python', 'high',
               'self.base_url = "https://api.molam.com"') RETURNING id`,
      [signature],
    );
    const id = rows[0]!.id;
    await server.db.query('UPDATE sdk_self_healing_registry SET active = true WHERE id = $1', [id]);
    const ask = () => selfHeal(server, { sdk: 'python', error: `${signature}: refused`, allow_code_patches: true });
    expect((await ask()).body.patch).toBeNull();
    const adopted = await server.request('PUT', `/api/dev/patches/${id}`, {
      as: 'dev_admin',
      body: { error_signature: signature, description: 'Fallback API backup pour Python', severity: 'high', actions: [{ type: 'set_option', key: 'base_url', value: 'https://api-backup.molam.com' }] },
    });
    expect(adopted.status).toBe(200);
    expect(adopted.body.version).toMatchObject({ version: 2, sdk_language: 'python', status: 'pending_review' });
    await server.request('POST', `/api/dev/patches/${id}/versions/2/approve`, { as: 'reviewer' });
    expect((await ask()).body.patch).toMatchObject({ patch_id: id, version: 2, patch_code: null });
  });

  it('denies roles that may not author, review or read patches', async () => {
    const body = patchBody(uniqueCode('roles'));
    expect((await server.request('POST', '/api/dev/patches', { as: 'sdk', body })).status).toBe(403);
    expect((await server.request('POST', '/api/dev/patches', { as: 'reviewer', body })).status).toBe(403);
    expect((await server.request('POST', '/api/dev/patches', { as: null, body })).status).toBe(401);
    expect((await server.request('GET', '/api/dev/patches', { as: 'merchant' })).status).toBe(403);
    expect((await server.request('GET', '/api/dev/patches', { as: 'sdk' })).status).toBe(403);
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body });
    const reject = `/api/dev/patches/${created.body.patch.id}/versions/1/reject`;
    expect((await server.request('POST', reject, { as: 'dev_admin2', body: { reason: 'x' } })).status).toBe(403);
    expect((await server.request('POST', reject, { as: 'ops', body: { reason: 'x' } })).status).toBe(403);
  });
});
