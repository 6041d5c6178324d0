import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MolamClient } from './client.js';
import { failureKey, PatchCache } from './patch-cache.js';
import { signRequest } from './request-signing.js';

const keys = { apiKey: 'mk_test_a', secretKey: 'sk_test_a', baseUrl: 'http://127.0.0.1:1' };

describe('MolamClient configuration', () => {
  it('names each missing or bad option', () => {
    expect(() => new MolamClient({ ...keys, apiKey: '' })).toThrow('apiKey must be a non-empty string');
    expect(() => new MolamClient({ ...keys, baseUrl: 'not a url' })).toThrow('baseUrl is not a URL: not a url');
    expect(() => new MolamClient({ ...keys, timeoutMs: 0 })).toThrow('timeoutMs must be a positive number of milliseconds, got 0');
    expect(() => new MolamClient({ ...keys, enableSelfHealing: true, sdkToken: 't' })).toThrow(/needs trustedPatchKeys/);
    expect(() => new MolamClient({ ...keys, fallbackCredentials: { primary: { apiKey: 'a', secretKey: 'b' } } })).toThrow(/may not be named "primary"/);
    expect(() => new MolamClient({ ...keys, fallbackCredentials: { backup: { apiKey: 'a', secretKey: '' } } })).toThrow('fallbackCredentials.backup.secretKey must be a non-empty string');
  });

  it('answers a network failure as a MolamError without a status', async () => {
    const client = new MolamClient(keys);
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
