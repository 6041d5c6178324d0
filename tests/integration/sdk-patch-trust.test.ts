import { describe, expect, it } from 'vitest';
import type { MolamClientOptions } from '../../src-sdk/index.js';
import { createTestKey, type TestKey } from '../../src-server/sandbox/test-client.js';
import { createApprovedPatch, uniqueCode } from '../../src-server/sdk/testing.js';
import { testBackends } from '../../src-server/testing/harness.js';
import { applicationRows, refusalRows, selfHealingClient, useSdkTestBed } from '../support/sdk-fixtures.js';

type Served = Record<string, unknown> & { patch_id: string; version: number };

describe.each(testBackends())('the Node SDK trusts only current signed patches and does not storm a failing API (%s)', (backend) => {
  const bed = useSdkTestBed(backend);

  const clientFor = (key: TestKey, options: Partial<MolamClientOptions> = {}) => selfHealingClient(bed.proxy.baseUrl, bed.trustedPatchKeys, key, options);
  /** An unsupported currency of three capital letters, likely unique to one test. */
  const oddCurrency = () => `Q${String.fromCharCode(65 + Math.floor(Math.random() * 26), 65 + Math.floor(Math.random() * 26))}`;
  /** A patch for the sandbox's answer to `currency` (its message names the currency). */
  const currencyPatch = (code: string) =>
    createApprovedPatch(bed.server, {
      sdk_language: 'node',
      error_signature: `currency ${code}`,
      description: 'Fall back to XOF',
      severity: 'medium',
      match: { status: 400, error_code: 'invalid_currency', message_pattern: code },
      actions: [{ type: 'set_currency', to: 'XOF' }],
    });
  const lookups = () => bed.proxy.requests.filter((request) => request.path === '/api/dev/self-heal');
  const intentPosts = () => bed.proxy.requests.filter((request) => request.method === 'POST' && request.path === '/v1/payment_intents');
  async function activeSet(): Promise<Served[]> {
    const answer = await bed.server.request('GET', '/api/dev/patches/active?sdk=node', { as: 'sdk' });
    return (answer.body as { patches: Served[] }).patches;
  }

  it('loads the active set at start, emits ready and patchesChanged, and heals from it without a lookup', async () => {
    const currency = oddCurrency();
    const patch = await currencyPatch(`"${currency}"`);
    const { client, applied } = clientFor(await createTestKey(bed.server, uniqueCode('dev-set')));
    const events: string[] = [];
    client.on('ready', () => events.push('ready'));
    client.on('patchesChanged', (change) => events.push(`changed:${change.added.some((added) => added.patch_id === patch.patch.id)}`));

    await client.whenReady();
    const created = await client.paymentIntents.create({ amount: 10, currency });

    expect(events).toEqual(['ready', 'changed:true']);
    expect(bed.proxy.requests[0]?.path).toBe('/api/dev/patches/active?sdk=node&sdk_version=0.1.0');
    expect(created.currency).toBe('XOF');
    expect(applied).toEqual([expect.objectContaining({ patch_id: patch.patch.id, success: true })]);
    expect(lookups()).toHaveLength(0);
    await client.flushReports();
    expect(await applicationRows(bed.server, patch.patch.id)).toEqual([expect.objectContaining({ success: true, rollback_triggered: false })]);
    await client.close();
  });

  it('refuses an older version of a patch once it has seen a newer one, keeps the newer one, and the refusal reaches the bed.server', async () => {
    const developer = uniqueCode('dev-rollback-attack');
    const code = uniqueCode('gone');
    const body = { sdk_language: 'node', error_signature: code, description: 'v1', severity: 'medium', match: { status: 409, error_code: code }, actions: [{ type: 'set_option', key: 'trace', value: 'v1' }] };
    const patch = await createApprovedPatch(bed.server, body);
    const v1 = (await activeSet()).find((served) => served.patch_id === patch.patch.id)!;
    expect(v1.version).toBe(1);
    const { client, logger } = clientFor(await createTestKey(bed.server, developer));
    await client.whenReady();
    const updated = await bed.server.request('PUT', `/api/dev/patches/${patch.patch.id}`, { as: 'dev_admin', body: { ...body, description: 'v2' }, headers: { 'if-match': '1' } });
    expect(updated.status).toBe(200);
    expect((await bed.server.request('POST', `/api/dev/patches/${patch.patch.id}/versions/2/approve`, { as: 'reviewer' })).status).toBe(200);
    const changes: unknown[] = [];
    client.on('patchesChanged', (change) => changes.push(change));

    await client.refreshPatches();
    bed.proxy.rewrite = (request, answer) => {
      if (!request.path.startsWith('/api/dev/patches/active')) return undefined;
      const set = JSON.parse(answer.body) as { generated_at: string; patches: Served[] };
      return { status: 200, body: JSON.stringify({ ...set, patches: set.patches.map((served) => (served.patch_id === patch.patch.id ? v1 : served)) }) };
    };
    await client.refreshPatches();
    await client.flushReports();

    expect(changes).toEqual([{ added: [], removed: [], updated: [{ patch_id: patch.patch.id, version: 2 }] }]);
    expect(logger.lines.find((line) => line.fields?.patch_id === patch.patch.id && line.fields?.reason_code === 'rollback')).toBeDefined();
    expect(await refusalRows(bed.server, patch.patch.id)).toEqual([{ patch_version: 1, reason_code: 'rollback', highest_seen_version: 2, developer_id: expect.any(String) }]);
    await client.close();
  });

  it('refuses versions whose signed expiry has passed (a freeze attack) and reports them', async () => {
    const patch = await currencyPatch(`"${oddCurrency()}"`);
    // A month ahead: every version the registry signed for 14 days has expired by this clock.
    const { client, applied } = clientFor(await createTestKey(bed.server, uniqueCode('dev-frozen')), { clock: () => Date.now() + 30 * 86_400_000 });
    const stale: string[] = [];
    client.on('stale', (event) => stale.push(event.reason));

    await client.whenReady();
    await client.flushReports();

    expect(applied).toEqual([]);
    expect(await refusalRows(bed.server, patch.patch.id)).toEqual([expect.objectContaining({ patch_version: 1, reason_code: 'expired' })]);
    expect(stale).toEqual([]);
    await client.close();
  });

  it('stops retrying a 429 storm once the retry budget is empty', async () => {
    bed.proxy.intercept = (request) =>
      request.path === '/v1/payment_intents' ? { status: 429, body: JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }) } : undefined;
    const { client, logger } = clientFor(await createTestKey(bed.server, uniqueCode('dev-storm')), { retryBaseMs: 1, retryBudget: { capacity: 20 } });

    for (let call = 0; call < 6; call++) await expect(client.paymentIntents.create({ amount: call + 1, currency: 'XOF' })).rejects.toMatchObject({ status: 429 });

    // 20 tokens pay four retries: two calls retry twice, the other four try once.
    expect(intentPosts()).toHaveLength(3 + 3 + 1 + 1 + 1 + 1);
    expect(client.getRetryBudget()).toEqual({ available: 0 });
    expect(logger.lines.filter((line) => line.message === 'Molam SDK retry budget is empty: not retrying')).toHaveLength(4);
    expect(lookups()).toHaveLength(1);
    await client.close();
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs: the 429 is thrown at once', async () => {
    await bed.server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: { rate_limit: { per_second: 0.01, burst: 1 } } });
    const { client } = clientFor(await createTestKey(bed.server, uniqueCode('dev-wait')), { maxRetryAfterMs: 5_000 });
    await client.paymentIntents.create({ amount: 1, currency: 'XOF' });

    const started = performance.now();
    const failure = await client.paymentIntents.create({ amount: 2, currency: 'XOF' }).catch((error: unknown) => error);

    expect(failure).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(intentPosts()).toHaveLength(2);
    await client.close();
  });

  it('creates exactly one intent when a plain retry follows an answer lost after the bed.server created it', async () => {
    const developer = uniqueCode('dev-plain-retry');
    let lost = false;
    bed.proxy.rewrite = (request, answer) => {
      if (lost || request.path !== '/v1/payment_intents' || answer.status !== 201) return undefined;
      lost = true;
      return { status: 503, body: JSON.stringify({ error: { code: 'unavailable', message: 'the answer was lost' } }) };
    };
    const { client, applied } = clientFor(await createTestKey(bed.server, developer), { retryBaseMs: 1 });

    const created = await client.paymentIntents.create({ amount: 4200, currency: 'NGN' });

    const posts = intentPosts();
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    expect(applied).toEqual([]);
    const { rows } = await bed.server.db.query<{ id: string }>(
      'SELECT i.id FROM sandbox_payment_intents i JOIN sandbox_api_keys k ON k.id = i.api_key_id WHERE k.developer_id = $1',
      [developer],
    );
    expect(rows).toEqual([{ id: created.id }]);
    expect(lookups()).toHaveLength(0);
    await client.close();
  });

  it('runs a code patch only when allowCodePatches is on, and refuses it (reported) otherwise', async () => {
    const currency = oddCurrency();
    const patch = await createApprovedPatch(bed.server, {
      sdk_language: 'node',
      error_signature: `currency "${currency}"`,
      description: 'Fall back to XOF, in code',
      severity: 'medium',
      match: { status: 400, error_code: 'invalid_currency', message_pattern: `"${currency}"` },
      patch_code: "state.request.body.currency = 'XOF';",
    });
    const refusing = clientFor(await createTestKey(bed.server, uniqueCode('dev-no-code')));
    await expect(refusing.client.paymentIntents.create({ amount: 3, currency })).rejects.toMatchObject({ code: 'invalid_currency', heal: undefined });
    await refusing.client.close();
    expect(await refusalRows(bed.server, patch.patch.id)).toEqual([expect.objectContaining({ patch_version: 1, reason_code: 'code_patch_not_allowed' })]);

    const running = clientFor(await createTestKey(bed.server, uniqueCode('dev-code')), { allowCodePatches: true });
    const created = await running.client.paymentIntents.create({ amount: 4, currency });

    expect(created.currency).toBe('XOF');
    expect(running.applied).toEqual([expect.objectContaining({ patch_id: patch.patch.id, success: true })]);
    await running.client.flushReports();
    expect(await applicationRows(bed.server, patch.patch.id)).toEqual([expect.objectContaining({ success: true, rollback_triggered: false })]);
    await running.client.close();
  });
});
