import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { RUNBOOK_SQL } from './runbook-sql.js';
import { createApprovedPatch, patchBody, selfHeal, uniqueCode } from './testing.js';

describe.each(testBackends())('SDK self-heal lookups on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [100] });
  });
  afterAll(async () => server?.close());

  it('answers the runbook example with the 401 fallback-credential patch', async () => {
    const { patch } = await createApprovedPatch(server, {
      sdk_language: 'node',
      error_signature: '401 Unauthorized',
      description: 'Injection clé API fallback',
      severity: 'high',
      actions: [{ type: 'use_fallback_credential', credential_ref: 'fallback_api_key' }],
    });
    const answer = await selfHeal(server, { sdk: 'node', error: '401 Unauthorized', status: 401, context: { test: true } });
    expect(answer.status).toBe(200);
    expect(answer.body.patch).toMatchObject({
      patch_id: patch.id,
      version: 1,
      error_signature: '401 Unauthorized',
      actions: [{ type: 'use_fallback_credential', credential_ref: 'fallback_api_key' }],
      patch_code: null,
    });
  });

  it('serves the most specific matching patch', async () => {
    const code = uniqueCode('currency');
    const broad = await createApprovedPatch(server, patchBody(code, { match: { status: 422 }, error_signature: 'unprocessable-zz' }));
    const precise = await createApprovedPatch(
      server,
      patchBody(code, {
        error_signature: 'invalid_currency',
        match: { status: 422, error_code: code, message_pattern: '(?i)currency [A-Z]{3} is not supported' },
        actions: [{ type: 'set_currency', to: 'XOF' }],
      }),
    );
    const specific = await selfHeal(server, { status: 422, error_code: code, error: 'Currency ABC is not supported' });
    expect(specific.body.patch.patch_id).toBe(precise.patch.id);
    const general = await selfHeal(server, { status: 422, error: 'amount is required' });
    expect(general.body.patch.patch_id).toBe(broad.patch.id);
  });

  it('serves a code patch only to SDKs that allow code patches', async () => {
    const signature = uniqueCode('ECONNREFUSED');
    const { patch } = await createApprovedPatch(server, {
      sdk_language: 'node',
      error_signature: signature,
      description: 'Fallback vers API de backup',
      severity: 'high',
      patch_code: 'this.baseUrl = "https://api-backup.molam.com";',
      rollback_code: 'this.baseUrl = "https://api.molam.com";',
    });
    const error = `connect ${signature.toLowerCase()} 10.0.0.1:443`;
    expect((await selfHeal(server, { error })).body.patch).toBeNull();
    const allowed = await selfHeal(server, { error, allow_code_patches: true });
    expect(allowed.body.patch).toMatchObject({ patch_id: patch.id, patch_code: expect.stringContaining('api-backup') });
  });

  it('records every lookup, and an unanswered one as an application without a patch', async () => {
    const message = `${uniqueCode('unknown')} exploded`;
    const answer = await selfHeal(server, { error: message, status: 500, sdk_version: '2.1.0', context: { endpoint: '/v1/payment_intents' } });
    expect(answer.body).toEqual({ patch: null });
    const lookups = await server.db.query('SELECT developer_id, status, patch_id, sdk_version FROM sdk_self_heal_lookups WHERE error_message = $1', [message]);
    expect(lookups.rows).toEqual([{ developer_id: 'test sdk', status: 500, patch_id: null, sdk_version: '2.1.0' }]);
    const misses = await server.db.query(
      'SELECT patch_id, patch_applied, success, context, developer_id FROM sdk_patch_applications WHERE error_encountered = $1',
      [message],
    );
    expect(misses.rows).toEqual([
      { patch_id: null, patch_applied: false, success: false, context: { endpoint: '/v1/payment_intents' }, developer_id: 'test sdk' },
    ]);
    const runbook = await server.db.query<{ sdk_language: string; error_pattern: string; occurrences: number }>(RUNBOOK_SQL.unpatched_errors);
    expect(runbook.rows).toContainEqual({ sdk_language: 'node', error_pattern: message, occurrences: 1 });
  });

  it('records a matched lookup with its patch and no miss row', async () => {
    const code = uniqueCode('hit');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    await selfHeal(server, { status: 429, error_code: code, error: code });
    const lookups = await server.db.query('SELECT patch_id, patch_version FROM sdk_self_heal_lookups WHERE error_code = $1', [code]);
    expect(lookups.rows).toEqual([{ patch_id: patch.id, patch_version: 1 }]);
    const misses = await server.db.query('SELECT count(*) AS n FROM sdk_patch_applications WHERE error_encountered = $1', [code]);
    expect(misses.rows[0]).toEqual({ n: 0 });
  });

  it('records all of 200 concurrent lookups', async () => {
    const code = uniqueCode('burst');
    await createApprovedPatch(server, patchBody(code));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        selfHeal(server, i % 2 === 0 ? { status: 429, error_code: code, error: `${code} #${i}` } : { error: `${code} #${i}` }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200));
    expect(answers.filter((a) => a.body.patch !== null)).toHaveLength(100);
    const lookups = await server.db.query('SELECT count(*) AS n FROM sdk_self_heal_lookups WHERE error_message LIKE $1', [`${code} #%`]);
    expect(lookups.rows[0]).toEqual({ n: 200 });
    const misses = await server.db.query('SELECT count(*) AS n FROM sdk_patch_applications WHERE error_encountered LIKE $1', [`${code} #%`]);
    expect(misses.rows[0]).toEqual({ n: 100 });
  });

  it('stores text PostgreSQL cannot hold without failing the lookup', async () => {
    const marker = uniqueCode('nul');
    const answer = await selfHeal(server, { error: `${marker} a\u0000b \ud800`, error_code: 'x\u0000y', context: { 'k\u0000': 'v\udc00' } });
    expect(answer.status).toBe(200);
    const { rows } = await server.db.query<{ error_encountered: string; context: unknown }>(
      'SELECT error_encountered, context FROM sdk_patch_applications WHERE error_encountered LIKE $1',
      [`${marker}%`],
    );
    expect(rows).toEqual([{ error_encountered: `${marker} ab \ufffd`, context: { k: 'v\ufffd' } }]);
  });

  it('honours the runbook SQL that deactivates a patch, through the change notification', async () => {
    const code = uniqueCode('sqloff');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    const ask = () => selfHeal(server, { status: 429, error_code: code });
    expect((await ask()).body.patch).not.toBeNull();
    // As another process (or an operator with psql) would: straight to the table, not through this server.
    await server.db.query('UPDATE sdk_self_healing_registry SET active = false, updated_at = now() WHERE id = $1', [patch.id]);
    await vi.waitFor(async () => expect((await ask()).body.patch).toBeNull(), { timeout: 4_000, interval: 50 });
    await server.db.query('UPDATE sdk_self_healing_registry SET active = true, updated_at = now() WHERE id = $1', [patch.id]);
    await vi.waitFor(async () => expect((await ask()).body.patch).not.toBeNull(), { timeout: 4_000, interval: 50 });
  });

  it('lets dev_admin test the endpoint and denies merchants, reviewers and anonymous callers', async () => {
    expect((await selfHeal(server, {}, 'dev_admin')).status).toBe(200);
    expect((await selfHeal(server, {}, 'merchant')).status).toBe(403);
    expect((await selfHeal(server, {}, 'reviewer')).status).toBe(403);
    expect((await selfHeal(server, {}, null)).status).toBe(401);
  });

  it('names the bad field of a malformed lookup', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sdk: 'cobol' }, 'body.sdk'],
      [{ error: '' }, 'body.error'],
      [{ status: '401' }, 'body.status'],
      [{ context: { blob: 'x'.repeat(17 * 1024) } }, 'body.context'],
      [{ context: [1, 2] }, 'body.context'],
      [{ allow_code_patches: 'yes' }, 'body.allow_code_patches'],
    ];
    for (const [body, field] of cases) {
      const response = await selfHeal(server, body);
      expect({ status: response.status, field: response.body.error?.field }).toEqual({ status: 400, field });
    }
    const noBody = await server.request('POST', '/api/dev/self-heal', { as: 'sdk' });
    expect(noBody.status).toBe(400);
  });
});
