import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../http/auth.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';

describe.each(testBackends())('admin tokens, audit and whoami on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const NON_ADMINS = ['ops', 'reviewer', 'sira', 'dev_admin', 'merchant', 'sdk'] as const;

  /** Calls as the holder of a token issued by the API (not one of the harness's named tokens). */
  const asToken = (token: string, method: string, path: string) =>
    server.request(method, path, { as: null, headers: { authorization: `Bearer ${token}` } });

  const issue = async (body: Record<string, unknown>) => {
    const created = await server.request('POST', '/api/v1/admin/tokens', { as: 'admin', body });
    expect(created.status).toBe(201);
    return created.body as { id: string; token: string; name: string; role: string; merchant_id: string | null };
  };

  it('issues a token shown once, which then works for its role', async () => {
    const created = await issue({ name: 'night ops', role: 'ops' });
    expect(created).toMatchObject({ name: 'night ops', role: 'ops', merchant_id: null, revoked_at: null });
    expect(created.token).toMatch(/^mhc_ops_/);
    const me = await asToken(created.token, 'GET', '/api/v1/whoami');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ name: 'night ops', role: 'ops', merchant_id: null, token_id: created.id });
    const { rows } = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [created.id]);
    expect(rows[0]!.token_hash).toBe(hashToken(created.token));
  });

  it('scopes a merchant token to its merchant and names a missing or misplaced merchant_id', async () => {
    const merchant = await issue({ name: 'shop', role: 'merchant', merchant_id: 'merchant-z' });
    expect((await asToken(merchant.token, 'GET', '/api/v1/whoami')).body).toEqual({
      name: 'shop',
      role: 'merchant',
      merchant_id: 'merchant-z',
      token_id: merchant.id,
    });
    const missing = await server.request('POST', '/api/v1/admin/tokens', { as: 'admin', body: { name: 'shop', role: 'merchant' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('body.merchant_id');
    const misplaced = await server.request('POST', '/api/v1/admin/tokens', { as: 'admin', body: { name: 'x', role: 'ops', merchant_id: 'm' } });
    expect(misplaced.body.error.field).toBe('body.merchant_id');
    const badRole = await server.request('POST', '/api/v1/admin/tokens', { as: 'admin', body: { name: 'x', role: 'root' } });
    expect(badRole.body.error.field).toBe('body.role');
    const blank = await server.request('POST', '/api/v1/admin/tokens', { as: 'admin', body: { name: '  ', role: 'ops' } });
    expect(blank.body.error.field).toBe('body.name');
  });

  it('lists tokens without the tokens or their hashes, filtered and paged', async () => {
    const created = await issue({ name: 'listed reviewer', role: 'reviewer' });
    const list = await server.request('GET', '/api/v1/admin/tokens?role=reviewer&limit=500', { as: 'admin' });
    expect(list.status).toBe(200);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(hashToken(created.token));
    expect(text).not.toContain('token_hash');
    expect(list.body.items.every((t: { role: string }) => t.role === 'reviewer')).toBe(true);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(created.id);

    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; next_cursor: string | null } } = await server.request(
        'GET',
        `/api/v1/admin/tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: 'admin' },
      );
      for (const t of page.body.items) seen.add(t.id);
      cursor = page.body.next_cursor;
    } while (cursor);
    const { rows } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens');
    expect(seen.size).toBe(rows[0]!.n);
    expect((await server.request('GET', '/api/v1/admin/tokens?cursor=bm9wZQ', { as: 'admin' })).body.error.field).toBe('query.cursor');
  });

  it('revokes a token so that it gets 401 at once, even right after it was cached', async () => {
    const created = await issue({ name: 'leaving dev', role: 'dev_admin' });
    expect((await asToken(created.token, 'GET', '/api/v1/whoami')).status).toBe(200);
    const revoked = await server.request('DELETE', `/api/v1/admin/tokens/${created.id}`, { as: 'admin' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    const after = await asToken(created.token, 'GET', '/api/v1/whoami');
    expect(after.status).toBe(401);
    const again = await server.request('DELETE', `/api/v1/admin/tokens/${created.id}`, { as: 'admin' });
    expect(again.status).toBe(200);
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at);
    const active = await server.request('GET', '/api/v1/admin/tokens?status=active&limit=500', { as: 'admin' });
    expect(active.body.items.map((t: { id: string }) => t.id)).not.toContain(created.id);
    const gone = await server.request('GET', '/api/v1/admin/tokens?status=revoked&limit=500', { as: 'admin' });
    expect(gone.body.items.map((t: { id: string }) => t.id)).toContain(created.id);
  });

  it('refuses to let an admin revoke the token it is using, and names an unknown or malformed id', async () => {
    const admin = await issue({ name: 'second admin', role: 'admin' });
    const self = await asToken(admin.token, 'DELETE', `/api/v1/admin/tokens/${admin.id}`);
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('cannot_revoke_own_token');
    expect(self.body.error.details.current.id).toBe(admin.id);
    expect((await asToken(admin.token, 'GET', '/api/v1/whoami')).status).toBe(200);
    const unknown = await server.request('DELETE', '/api/v1/admin/tokens/7d1b2c1e-8f4a-4f6e-9b7a-2f3c4d5e6f70', { as: 'admin' });
    expect(unknown.status).toBe(404);
    const malformed = await server.request('DELETE', '/api/v1/admin/tokens/not-a-uuid', { as: 'admin' });
    expect(malformed.body.error.field).toBe('params.id');
  });

  it('denies every token route to every role but admin', async () => {
    const target = await issue({ name: 'target', role: 'sdk' });
    for (const as of NON_ADMINS) {
      expect((await server.request('POST', '/api/v1/admin/tokens', { as, body: { name: 'x', role: 'admin' } })).status).toBe(403);
      expect((await server.request('GET', '/api/v1/admin/tokens', { as })).status).toBe(403);
      expect((await server.request('DELETE', `/api/v1/admin/tokens/${target.id}`, { as })).status).toBe(403);
    }
    expect((await server.request('GET', '/api/v1/admin/tokens', { as: null })).status).toBe(401);
    expect((await asToken(target.token, 'GET', '/api/v1/whoami')).status).toBe(200);
  });

  it('audits creation and revocation without ever writing the token or its hash', async () => {
    const created = await issue({ name: 'audited', role: 'sira' });
    await server.request('DELETE', `/api/v1/admin/tokens/${created.id}`, { as: 'admin' });
    const audit = await server.request('GET', `/api/v1/audit?entity_type=api_token&entity_id=${created.id}`, { as: 'ops' });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['token.revoke', 'token.create']);
    expect(audit.body.items[0]).toMatchObject({ actor_role: 'admin', actor_name: 'test admin', before: { revoked_at: null } });
    const { rows } = await server.db.query<{ row: string }>('SELECT row_to_json(a)::text AS row FROM audit_log a');
    const everything = rows.map((r) => r.row).join('\n');
    expect(everything).not.toContain(created.token);
    expect(everything).not.toContain(hashToken(created.token));
  });

  it('filters the audit log by actor role, action and time, and pages it newest first', async () => {
    await issue({ name: 'filter one', role: 'ops' });
    await issue({ name: 'filter two', role: 'ops' });
    const byRole = await server.request('GET', '/api/v1/audit?actor_role=admin&action=token.create', { as: 'reviewer' });
    expect(byRole.body.items.length).toBeGreaterThanOrEqual(2);
    expect(byRole.body.items.every((e: { actor_role: string; action: string }) => e.actor_role === 'admin' && e.action === 'token.create')).toBe(true);
    expect((await server.request('GET', '/api/v1/audit?actor_role=sdk', { as: 'dev_admin' })).body.items).toEqual([]);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await server.request('GET', `/api/v1/audit?since=${future}`, { as: 'ops' })).body.items).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await server.request('GET', `/api/v1/audit?until=${past}`, { as: 'ops' })).body.items).toEqual([]);

    const first = await server.request('GET', '/api/v1/audit?limit=1', { as: 'admin' });
    expect(first.body.next_cursor).not.toBeNull();
    const second = await server.request('GET', `/api/v1/audit?limit=1&cursor=${first.body.next_cursor}`, { as: 'admin' });
    expect(second.body.items[0].id).toBeLessThan(first.body.items[0].id);
  });

  it('names bad audit filters and denies the audit log to sira, merchant and sdk', async () => {
    expect((await server.request('GET', '/api/v1/audit?since=yesterday', { as: 'ops' })).body.error.field).toBe('query.since');
    expect((await server.request('GET', '/api/v1/audit?limit=0', { as: 'ops' })).body.error.field).toBe('query.limit');
    expect((await server.request('GET', '/api/v1/audit?actor_role=root', { as: 'ops' })).body.error.field).toBe('query.actor_role');
    expect((await server.request('GET', '/api/v1/audit?cursor=WyJ4Il0', { as: 'ops' })).body.error.field).toBe('query.cursor');
    for (const as of ['sira', 'merchant', 'sdk'] as const) {
      expect((await server.request('GET', '/api/v1/audit', { as })).status).toBe(403);
    }
  });

  it('tells every role who it is, and a missing or unknown token that it is not authenticated', async () => {
    const { rows } = await server.db.query<{ id: string }>("SELECT id FROM api_tokens WHERE name = 'test merchant'");
    expect((await server.request('GET', '/api/v1/whoami', { as: 'merchant' })).body).toEqual({
      name: 'test merchant',
      role: 'merchant',
      merchant_id: 'merchant-a',
      token_id: rows[0]!.id,
    });
    for (const as of ['admin', 'sira', 'ops', 'reviewer', 'dev_admin', 'sdk'] as const) {
      expect((await server.request('GET', '/api/v1/whoami', { as })).body.role).toBe(as);
    }
    expect((await server.request('GET', '/api/v1/whoami', { as: null })).status).toBe(401);
    expect((await asToken('mhc_admin_forged', 'GET', '/api/v1/whoami')).status).toBe(401);
  });

  it('names the token by the id a patch version records as its author, so a console can tell its own versions', async () => {
    const me = await server.request('GET', '/api/v1/whoami', { as: 'dev_admin' });
    const created = await server.request('POST', '/api/dev/patches', {
      as: 'dev_admin',
      body: { sdk_language: 'node', error_signature: 'ETIMEDOUT', description: 'Longer timeout', severity: 'low', actions: [{ type: 'increase_timeout', factor: 2, max_ms: 30000 }] },
    });
    expect(created.status).toBe(201);
    expect(me.body.token_id).toBe(created.body.version.created_by);
    expect((await server.request('GET', '/api/v1/whoami', { as: 'reviewer' })).body.token_id).not.toBe(me.body.token_id);
  });
});
