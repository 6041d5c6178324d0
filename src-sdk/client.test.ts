import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MolamClient } from './client.js';
import { failureKey, PatchCache } from './patch-cache.js';
import { signRequest } from './request-signing.js';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry.js';

const keys = { apiKey: 'mk_test_a', secretKey: 'sk_test_a', baseUrl: 'http://127.0.0.1:1' };

describe('MolamClient configuration', () => {
  it('names each missing or bad option', () => {
    expect(() => new MolamClient({ ...keys, apiKey: '' })).toThrow('apiKey must be a non-empty string');
    expect(() => new MolamClient({ ...keys, baseUrl: 'not a url' })).toThrow('baseUrl is not a URL: not a url');
    expect(() => new MolamClient({ ...keys, timeoutMs: 0 })).toThrow('timeoutMs must be a positive number of milliseconds, got 0');
    expect(() => new MolamClient({ ...keys, enableSelfHealing: true, sdkToken: 't' })).toThrow(/needs trustedPatchKeys/);
    expect(() => new MolamClient({ ...keys, fallbackCredentials: { primary: { apiKey: 'a', secretKey: 'b' } } })).toThrow(/may not be named "primary"/);
    expect(() => new MolamClient({ ...keys, fallbackCredentials: { backup: { apiKey: 'a', secretKey: '' } } })).toThrow('fallbackCredentials.backup.secretKey must be a non-empty string');
    expect(() => new MolamClient({ ...keys, maxRetries: 1.5 })).toThrow('maxRetries must be a whole number from 0 to 10, got 1.5');
    expect(() => new MolamClient({ ...keys, maxRetryAfterMs: -1 })).toThrow('maxRetryAfterMs must be a positive number of milliseconds, got -1');
    expect(() => new MolamClient({ ...keys, retryBudget: { capacity: -5 } })).toThrow('retryBudget.capacity must be a whole number');
  });

  it('answers a network failure as a MolamError without a status', async () => {
    const client = new MolamClient({ ...keys, retryBaseMs: 1 });
    await expect(client.paymentIntents.retrieve('pi_12345678')).rejects.toMatchObject({ name: 'MolamError', code: 'network_error', status: undefined });
  });
});

describe('signRequest', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 of the secret, at whole seconds', () => {
    const body = '{"amount":1}';
    const expected = createHmac('sha256', 'sk_x').update(`1700000000.${body}`).digest('hex');
    expect(signRequest('sk_x', body, 1_700_000_000.9)).toBe(`t=1700000000,v1=${expected}`);
  });
});

describe('PatchCache', () => {
  it('keeps answers, negative ones too, until their TTL passes', () => {
    let now = 0;
    const cache = new PatchCache(1000, () => now);
    const key = failureKey({ status: 400, code: 'unknown_field', message: 'colour' });
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, null);
    expect(cache.get(key)).toBeNull();
    now = 999;
    expect(cache.get(key)).toBeNull();
    now = 1000;
    expect(cache.get(key)).toBeUndefined();
  });

  it('tells failures apart by status, code and message', () => {
    const a = failureKey({ status: 400, code: 'invalid_currency', message: 'ABC' });
    expect(failureKey({ status: 401, code: 'invalid_currency', message: 'ABC' })).not.toBe(a);
    expect(failureKey({ status: 400, code: 'invalid_currency', message: 'ABD' })).not.toBe(a);
  });
});

describe('MolamClient plain retries', () => {
  let api: FakeRegistry;
  beforeAll(async () => {
    api = await startFakeRegistry();
  });
  afterAll(() => api.close());

  const posts = () => api.requests.filter((request) => request.method === 'POST' && request.path === '/v1/payment_intents');
  const answer = (status: number, code: string) => api.answers.set('/v1/payment_intents', { status, body: { error: { code, message: code } } });

  it('retries a 503 up to maxRetries under one Idempotency-Key, then throws the last failure', async () => {
    api.requests = [];
    answer(503, 'unavailable');
    const client = new MolamClient({ apiKey: 'mk_test_a', secretKey: 'sk_test_a', baseUrl: api.baseUrl, retryBaseMs: 1 });

    await expect(client.paymentIntents.create({ amount: 1, currency: 'XOF' })).rejects.toMatchObject({ status: 503, code: 'unavailable' });

    expect(posts()).toHaveLength(3);
    const keysSent = posts().map((post) => post.headers['idempotency-key']);
    expect(keysSent[0]).toMatch(/^molam-sdk-/);
    expect(new Set(keysSent).size).toBe(1);
    expect(client.getRetryBudget()).toEqual({ available: 490 });
  });

  it('never retries 400, 401, 403, 404, 409 or 422', async () => {
    const client = new MolamClient({ apiKey: 'mk_test_a', secretKey: 'sk_test_a', baseUrl: api.baseUrl, retryBaseMs: 1 });
    for (const status of [400, 401, 403, 404, 409, 422]) {
      api.requests = [];
      answer(status, `http_${status}`);
      await expect(client.paymentIntents.create({ amount: 1 })).rejects.toMatchObject({ status });
      expect(posts()).toHaveLength(1);
    }
    expect(client.getRetryBudget()).toEqual({ available: 500 });
  });

  it('stops retrying once the retry budget is empty', async () => {
    api.requests = [];
    answer(502, 'bad_gateway');
    const warnings: string[] = [];
    const client = new MolamClient({
      apiKey: 'mk_test_a',
      secretKey: 'sk_test_a',
      baseUrl: api.baseUrl,
      retryBaseMs: 1,
      retryBudget: { capacity: 15 },
      logger: { info: () => undefined, warn: (message) => warnings.push(message) },
    });
    for (let call = 0; call < 3; call++) await expect(client.paymentIntents.create({ amount: call })).rejects.toMatchObject({ status: 502 });
    // 15 tokens pay three retries of 5: the first call retries twice, the second once, the third not at all.
    expect(posts()).toHaveLength(3 + 2 + 1);
    expect(warnings).toEqual(['Molam SDK retry budget is empty: not retrying', 'Molam SDK retry budget is empty: not retrying']);
  });
});
