import { describe, expect, it } from 'vitest';
import { MolamClient, MolamError, type MolamClientOptions } from '../../src-sdk/index.js';
import { createTestKey, type TestKey } from '../../src-server/sandbox/test-client.js';
import { createApprovedPatch, uniqueCode } from '../../src-server/sdk/testing.js';
import { testBackends } from '../../src-server/testing/harness.js';
import { applicationRows as storedApplications, selfHealingClient, useSdkTestBed } from '../support/sdk-fixtures.js';

describe.each(testBackends())('the Node SDK heals real sandbox failures with signed registry patches (%s)', (backend) => {
  const bed = useSdkTestBed(backend);

  const clientFor = (key: TestKey, options: Partial<MolamClientOptions> = {}) => selfHealingClient(bed.proxy.baseUrl, bed.trustedPatchKeys, key, options);

  /** Creates and approves a Node patch (dev_admin writes it, a reviewer approves it). */
  const nodePatch = (description: string, match: Record<string, unknown>, actions: Record<string, unknown>[]) =>
    createApprovedPatch(bed.server, { sdk_language: 'node', error_signature: description, description, severity: 'medium', match, actions });

  async function intentsOf(developerId: string): Promise<{ id: string; currency: string }[]> {
    const { rows } = await bed.server.db.query<{ id: string; currency: string }>(
      'SELECT i.id, i.currency FROM sandbox_payment_intents i JOIN sandbox_api_keys k ON k.id = i.api_key_id WHERE k.developer_id = $1',
      [developerId],
    );
    return rows;
  }

  const applicationRows = (patchId: string) => storedApplications(bed.server, patchId);

  /** The one application of a patch the bed.server stored: a success, reported with the failure it healed. */
  async function expectOneHealedRow(client: MolamClient, patchId: string, errorCode: string) {
    await client.flushReports();
    expect(await applicationRows(patchId)).toEqual([
      expect.objectContaining({ patch_version: 1, success: true, rollback_triggered: false, context: expect.objectContaining({ error_code: errorCode }) }),
    ]);
  }

  const lookups = () => bed.proxy.requests.filter((request) => request.path === '/api/dev/self-heal');
  const intentPosts = () => bed.proxy.requests.filter((request) => request.method === 'POST' && request.path === '/v1/payment_intents');

  it('creates and retrieves a payment intent with a signed request and no healing when nothing fails', async () => {
    const key = await createTestKey(bed.server, uniqueCode('dev-happy'));
    const { client, applied } = clientFor(key);
    const created = await client.paymentIntents.create({ amount: 5000, currency: 'xof', description: 'order 1' });
    expect(created).toMatchObject({ amount: 5000, currency: 'XOF' });
    expect((await client.paymentIntents.retrieve(created.id)).id).toBe(created.id);
    expect(intentPosts()[0]?.headers['idempotency-key']).toMatch(/^molam-sdk-[0-9a-f-]{36}$/);
    expect(lookups()).toHaveLength(0);
    expect(applied).toEqual([]);
  });

  it('heals a 401 after a key rotation with the fallback credential, which never reaches the registry', async () => {
    const developer = uniqueCode('dev-rotated');
    const primary = await createTestKey(bed.server, developer);
    const backup = await createTestKey(bed.server, developer);
    const code = 'api_key_expired';
    const patch = await nodePatch('Switch to the backup key after a rotation', { status: 401, error_code: code }, [{ type: 'use_fallback_credential', credential_ref: 'backup' }]);
    expect((await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: { rotate_key: primary.api_key } })).status).toBe(200);
    const { client, logger, applied } = clientFor(primary, { fallbackCredentials: { backup: { apiKey: backup.api_key, secretKey: backup.secret_key } } });

    const created = await client.paymentIntents.create({ amount: 1200, currency: 'EUR' });

    expect(created.currency).toBe('EUR');
    expect(applied).toEqual([expect.objectContaining({ patch_id: patch.patch.id, version: 1, error: `401 ${code}`, success: true, rollback_triggered: false })]);
    expect(client.getPatchHistory()).toEqual(applied);
    expect(logger.lines.some((line) => line.level === 'info' && line.message.startsWith(`Molam SDK applied self-healing patch ${patch.patch.id} v1`))).toBe(true);
    const posts = intentPosts();
    expect(posts.map((post) => post.headers.authorization)).toEqual([`Bearer ${primary.api_key}`, `Bearer ${backup.api_key}`]);
    for (const lookup of bed.proxy.requests.filter((request) => request.path.startsWith('/api/dev/'))) {
      expect(JSON.stringify(lookup)).not.toContain(backup.secret_key);
      expect(JSON.stringify(lookup)).not.toContain(backup.api_key);
    }
    await expectOneHealedRow(client, patch.patch.id, code);
  });

  it('heals invalid_currency to XOF and creates exactly one intent, retried under the same Idempotency-Key', async () => {
    const developer = uniqueCode('dev-currency');
    const key = await createTestKey(bed.server, developer);
    const patch = await nodePatch('Fall back to XOF', { status: 400, error_code: 'invalid_currency' }, [{ type: 'set_currency', to: 'XOF' }]);
    const { client, applied } = clientFor(key);

    const created = await client.paymentIntents.create({ amount: 900, currency: 'ABC' });

    expect(created.currency).toBe('XOF');
    expect(applied.map((a) => a.success)).toEqual([true]);
    expect(await intentsOf(developer)).toEqual([{ id: created.id, currency: 'XOF' }]);
    const [first, retry] = intentPosts();
    expect(JSON.parse(first!.body).currency).toBe('ABC');
    expect(JSON.parse(retry!.body).currency).toBe('XOF');
    expect(retry!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    await client.flushReports();
    expect(await applicationRows(patch.patch.id)).toEqual([
      {
        patch_version: 1,
        success: true,
        rollback_triggered: false,
        error_encountered: expect.stringMatching(/^Molam API 400 invalid_currency: /),
        context: { method: 'POST', path: '/v1/payment_intents', error_code: 'invalid_currency' },
      },
    ]);
  });

  it('re-signs a request rejected for clock skew with the bed.server time', async () => {
    const key = await createTestKey(bed.server, uniqueCode('dev-skew'));
    const patch = await nodePatch('Re-sign with the bed.server time', { status: 401, error_code: 'signature_timestamp_out_of_range' }, [{ type: 'resign_request', clock_skew_tolerance_s: 300 }]);
    // The skewed clock is an hour ahead: the patch's signed expiry (days away) still holds.
    const { client, applied } = clientFor(key, { clock: () => Date.now() + 3_600_000 });

    const created = await client.paymentIntents.create({ amount: 300, currency: 'XAF' });

    expect(created.currency).toBe('XAF');
    expect(applied.map((a) => [a.error, a.success])).toEqual([['401 signature_timestamp_out_of_range', true]]);
    const stamps = intentPosts().map((post) => Number(/^t=(\d+),/.exec(post.headers['molam-signature']!)![1]));
    expect(stamps[0]! - Date.now() / 1000).toBeGreaterThan(3000);
    expect(Math.abs(stamps[1]! - Date.now() / 1000)).toBeLessThan(60);
    expect(intentPosts()[1]!.headers).not.toHaveProperty('x-molam-timestamp');
    await expectOneHealedRow(client, patch.patch.id, 'signature_timestamp_out_of_range');
  });

  it('completes a missing field from the patch default', async () => {
    const developer = uniqueCode('dev-missing');
    const key = await createTestKey(bed.server, developer);
    const patch = await nodePatch('Default the currency', { status: 400, error_code: 'missing_field', message_pattern: '"currency"' }, [{ type: 'default_field', field: 'currency', value: 'XOF' }]);
    const { client } = clientFor(key);

    const created = await client.paymentIntents.create({ amount: 700 });

    expect(created).toMatchObject({ amount: 700, currency: 'XOF' });
    expect(await intentsOf(developer)).toHaveLength(1);
    await expectOneHealedRow(client, patch.patch.id, 'missing_field');
  });

  it('creates exactly one intent when the first answer is lost after the bed.server created it and a retry patch heals the call', async () => {
    const developer = uniqueCode('dev-lost');
    const key = await createTestKey(bed.server, developer);
    const code = uniqueCode('gateway_lost');
    await nodePatch('Retry once the gateway lost the answer', { status: 502, error_code: code }, [{ type: 'retry_with_backoff', max_attempts: 2, base_ms: 10, max_ms: 100 }]);
    let lost = false;
    bed.proxy.rewrite = (request, answer) => {
      if (lost || request.path !== '/v1/payment_intents' || answer.status !== 201) return undefined;
      lost = true;
      return { status: 502, body: JSON.stringify({ error: { code, message: 'Bad gateway: the answer was lost' } }) };
    };
    // Plain retries off: the patch's retry policy is what heals the call here.
    const { client, applied } = clientFor(key, { maxRetries: 0 });

    const created = await client.paymentIntents.create({ amount: 4200, currency: 'NGN' });

    expect(applied.map((a) => a.success)).toEqual([true]);
    expect(await intentsOf(developer)).toEqual([{ id: created.id, currency: 'NGN' }]);
    const posts = intentPosts();
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
  });

  it('undoes a patch whose retry still fails and reports the rollback', async () => {
    const developer = uniqueCode('dev-rollback');
    const key = await createTestKey(bed.server, developer);
    const patch = await nodePatch('A bad patch: replaces QQQ by another unsupported code', { status: 400, error_code: 'invalid_currency', message_pattern: 'QQQ' }, [{ type: 'set_currency', from: 'QQQ', to: 'ZZZ' }]);
    const { client, applied, logger } = clientFor(key);

    const failure = await client.paymentIntents.create({ amount: 100, currency: 'QQQ' }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MolamError);
    expect((failure as MolamError).code).toBe('invalid_currency');
    expect((failure as MolamError).heal).toMatchObject({ success: false, rollback_triggered: true, retryFailure: { code: 'invalid_currency' } });
    expect(applied.map((a) => [a.success, a.rollback_triggered])).toEqual([[false, true]]);
    expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes('rolled back'))).toBe(true);
    expect(intentPosts()).toHaveLength(2);
    expect(await intentsOf(developer)).toEqual([]);
    await client.flushReports();
    expect(await applicationRows(patch.patch.id)).toEqual([expect.objectContaining({ success: false, rollback_triggered: true })]);
  });

  it('keeps application reports through a registry outage and sends them once it is back', async () => {
    const developer = uniqueCode('dev-outage');
    const key = await createTestKey(bed.server, developer);
    const code = uniqueCode('outage');
    const patch = await nodePatch('Default the currency', { status: 400, error_code: 'missing_field', message_pattern: '"currency"' }, [{ type: 'default_field', field: 'currency', value: 'XOF' }, { type: 'set_option', key: 'trace', value: code }]);
    bed.proxy.intercept = (request) =>
      request.path === '/api/dev/patch-applications' ? { status: 503, body: JSON.stringify({ error: { code: 'unavailable', message: 'down' } }) } : undefined;
    const { client } = clientFor(key);

    await client.paymentIntents.create({ amount: 8 });
    await client.paymentIntents.create({ amount: 9 });
    await client.flushReports();

    expect(client.getReportQueueStats()).toEqual({ pending: 2, dropped: 0 });
    expect(await applicationRows(patch.patch.id)).toEqual([]);
    bed.proxy.intercept = undefined;
    await client.close();
    expect(client.getReportQueueStats()).toEqual({ pending: 0, dropped: 0 });
    expect((await applicationRows(patch.patch.id)).map((row) => row.success)).toEqual([true, true]);
  });

  it('refuses a patch altered in transit, and an unsigned one, and does not retry', async () => {
    const key = await createTestKey(bed.server, uniqueCode('dev-tamper'));
    const code = uniqueCode('tampered');
    const patch = await nodePatch('Set the currency to XOF', { status: 400, error_code: 'invalid_currency', message_pattern: 'TTT' }, [{ type: 'set_currency', to: 'XOF' }]);
    for (const alter of [
      (patch: Record<string, unknown>): Record<string, unknown> => ({ ...patch, actions: [{ type: 'set_currency', to: 'EUR' }] }),
      (patch: Record<string, unknown>): Record<string, unknown> => ({ ...patch, signature: '' }),
    ]) {
      bed.proxy.requests = [];
      bed.proxy.rewrite = (request, answer) => {
        if (request.path.startsWith('/api/dev/patches/active')) {
          const set = JSON.parse(answer.body) as { generated_at: string; patches: Record<string, unknown>[] };
          return { status: answer.status, body: JSON.stringify({ ...set, patches: set.patches.map(alter) }) };
        }
        if (request.path !== '/api/dev/self-heal') return undefined;
        const served = JSON.parse(answer.body) as { patch: Record<string, unknown> | null };
        return { status: answer.status, body: JSON.stringify({ patch: served.patch && alter(served.patch) }) };
      };
      const { client, applied, logger } = clientFor(key);

      const failure = await client.paymentIntents.create({ amount: 100, currency: 'TTT', metadata: { code } }).catch((error: unknown) => error);

      expect((failure as MolamError).code).toBe('invalid_currency');
      expect((failure as MolamError).heal).toBeUndefined();
      expect(applied).toEqual([]);
      expect(intentPosts()).toHaveLength(1);
      expect(logger.lines.find((line) => line.message === 'Molam SDK refused a self-healing patch')?.fields?.reason).toMatch(/signature|unsigned/);
      await client.close();
    }
    const refusals = await bed.server.db.query<{ reason_code: string }>('SELECT reason_code FROM sdk_patch_refusals WHERE patch_id = $1 ORDER BY id', [patch.patch.id]);
    expect(new Set(refusals.rows.map((row) => row.reason_code))).toEqual(new Set(['bad_signature', 'unsigned']));
  });

  it('gives up healing when the registry does not answer within the budget, and throws the original error', async () => {
    const key = await createTestKey(bed.server, uniqueCode('dev-budget'));
    bed.proxy.rewrite = async (request) => {
      if (request.path === '/api/dev/self-heal') await new Promise((resolve) => setTimeout(resolve, 1500));
      return undefined;
    };
    const { client, logger } = clientFor(key, { healBudgetMs: 200 });

    const started = performance.now();
    await expect(client.paymentIntents.create({ amount: 1, currency: 'EUR', shade: 'red' })).rejects.toMatchObject({ code: 'unknown_field', heal: undefined });

    expect(performance.now() - started).toBeLessThan(1000);
    expect(logger.lines.some((line) => line.message === 'Molam SDK self-heal lookup failed')).toBe(true);
  });

  it('undoes a patch that names a credential the client does not have, without retrying', async () => {
    const developer = uniqueCode('dev-noref');
    const primary = await createTestKey(bed.server, developer);
    const other = await createTestKey(bed.server, developer);
    const patch = await nodePatch('Switch to a credential this client lacks', { status: 401, error_code: 'api_key_expired', message_pattern: 'API key' }, [{ type: 'use_fallback_credential', credential_ref: 'nowhere' }]);
    await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: { rotate_key: primary.api_key } });
    const { client, applied } = clientFor(primary, { fallbackCredentials: { backup: { apiKey: other.api_key, secretKey: other.secret_key } } });

    const failure = (await client.paymentIntents.create({ amount: 5, currency: 'EUR' }).catch((error: unknown) => error)) as MolamError;

    expect(failure.code).toBe('api_key_expired');
    expect(failure.heal).toMatchObject({ patch_id: patch.patch.id, success: false, rollback_triggered: true, retryFailure: { code: 'patch_not_applicable' } });
    expect(applied.map((a) => a.rollback_triggered)).toEqual([true]);
    expect(intentPosts()).toHaveLength(1);
  });

  it('caches the registry\'s "no patch" answer, so a repeated unpatched failure asks only once', async () => {
    const key = await createTestKey(bed.server, uniqueCode('dev-negative'));
    const { client } = clientFor(key);
    for (let i = 0; i < 3; i++) {
      await expect(client.paymentIntents.create({ amount: 1, currency: 'EUR', colour: 'blue' })).rejects.toMatchObject({ code: 'unknown_field' });
    }
    expect(lookups()).toHaveLength(1);
  });

  it('waits for Retry-After on a 429, capped by the patch, then succeeds', async () => {
    const developer = uniqueCode('dev-429');
    const key = await createTestKey(bed.server, developer);
    const patch = await nodePatch('Honour Retry-After', { status: 429, error_code: 'rate_limited' }, [{ type: 'respect_retry_after', max_wait_ms: 2000 }]);
    await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: { rate_limit: { per_second: 2, burst: 1 } } });
    // Plain retries off: they would wait for Retry-After themselves, and the patch would never be needed.
    const { client, applied } = clientFor(key, { maxRetries: 0 });
    await client.paymentIntents.create({ amount: 10, currency: 'KES' });

    const started = performance.now();
    await client.paymentIntents.create({ amount: 11, currency: 'KES' });

    const waited = performance.now() - started;
    expect(applied.map((a) => [a.error, a.success])).toEqual([['429 rate_limited', true]]);
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(2500);
    expect(await intentsOf(developer)).toHaveLength(2);
    await expectOneHealedRow(client, patch.patch.id, 'rate_limited');
  });

  it('raises the timeout through a patch and the healed call succeeds within its bound', async () => {
    const developer = uniqueCode('dev-timeout');
    const key = await createTestKey(bed.server, developer);
    const patch = await nodePatch('Wait longer', { error_code: 'timeout' }, [{ type: 'increase_timeout', factor: 10, max_ms: 4000 }]);
    await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: { latency_ms: 600, latency_rate: 1 } });
    // Plain retries first (same timeout, same Idempotency-Key), then the patch heals the call they could not.
    const { client, applied } = clientFor(key, { timeoutMs: 300, retryBaseMs: 10 });

    const started = performance.now();
    const created = await client.paymentIntents.create({ amount: 50, currency: 'GHS' });

    expect(performance.now() - started).toBeLessThan(6000);
    expect(applied.map((a) => [a.error, a.success])).toEqual([['timeout', true]]);
    expect(intentPosts()).toHaveLength(4);
    expect(new Set(intentPosts().map((post) => post.headers['idempotency-key'])).size).toBe(1);
    expect(await intentsOf(developer)).toEqual([{ id: created.id, currency: 'GHS' }]);
    await expectOneHealedRow(client, patch.patch.id, 'timeout');
  });

  it('answers a timeout without a patch as a timeout error once the timeout has passed', async () => {
    const key = await createTestKey(bed.server, uniqueCode('dev-slow'));
    await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: { latency_ms: 2000, latency_rate: 1 } });
    const client = new MolamClient({ apiKey: key.api_key, secretKey: key.secret_key, baseUrl: bed.server.baseUrl, timeoutMs: 200, maxRetries: 0 });
    const started = performance.now();
    await expect(client.paymentIntents.create({ amount: 50, currency: 'GHS' })).rejects.toMatchObject({ code: 'timeout', status: undefined });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
