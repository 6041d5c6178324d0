import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { signSandboxRequest } from './signature.js';
import { createIntent, createTestKey, readIntent, type TestKey } from './test-client.js';

describe.each(testBackends())('sandbox payment intents on %s', (backend) => {
  let server: TestServer;
  let key: TestKey;
  beforeAll(async () => {
    server = await startTestServer(backend);
    key = await createTestKey(server, 'dev-intents');
  });
  afterAll(async () => server?.close());

  const order = { amount: 5000, currency: 'XOF', description: 'Order 1042', metadata: { order_id: '1042' } };

  it('creates a signed payment intent and reads it back with the same key', async () => {
    const created = await createIntent(server, key, order);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'payment_intent', amount: 5000, currency: 'XOF', status: 'succeeded', livemode: false });
    expect(created.body.id).toMatch(/^pi_[0-9a-f]{24}$/);
    const read = await readIntent(server, key, created.body.id);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
  });

  it('stores a lower-case currency code upper-case', async () => {
    const created = await createIntent(server, key, { amount: 100, currency: 'eur' });
    expect(created.status).toBe(201);
    expect(created.body.currency).toBe('EUR');
  });

  it('hides an intent from another developer\'s key with a 404', async () => {
    const created = await createIntent(server, key, order);
    const stranger = await createTestKey(server, 'dev-stranger');
    const read = await readIntent(server, stranger, created.body.id);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('not_found');
    expect((await readIntent(server, key, 'pi_doesnotexist01')).status).toBe(404);
    expect((await readIntent(server, key, 'not-an-id')).status).toBe(404);
  });

  it('answers invalid_api_key for a missing, malformed or unknown key', async () => {
    const missing = await server.request('GET', '/v1/payment_intents/pi_doesnotexist01', { as: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('invalid_api_key');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    const malformed = await server.request('GET', '/v1/payment_intents/pi_doesnotexist01', { as: null, headers: { authorization: 'Basic abc' } });
    expect(malformed.body.error.code).toBe('invalid_api_key');
    const unknown = await createIntent(server, { ...key, api_key: 'mk_test_unknown' }, order);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_api_key', message: expect.stringContaining('401 Unauthorized') });
  });

  it('refuses a staff token in place of a sandbox key', async () => {
    const staff = await server.request('GET', '/v1/payment_intents/pi_doesnotexist01', { as: 'admin' });
    expect(staff.status).toBe(401);
    expect(staff.body.error.code).toBe('invalid_api_key');
  });

  it('answers invalid_signature for a missing, malformed, wrong-secret or tampered signature', async () => {
    const missing = await createIntent(server, key, order, { signature: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: 'invalid_signature', message: expect.stringContaining('Molam-Signature') });
    const malformed = await createIntent(server, key, order, { signature: 'v1=deadbeef' });
    expect(malformed.body.error.code).toBe('invalid_signature');
    const wrongSecret = await createIntent(server, key, order, { signature: signSandboxRequest('sk_test_wrong', JSON.stringify(order), Date.now() / 1000) });
    expect(wrongSecret.body.error.code).toBe('invalid_signature');
    const signedOther = signSandboxRequest(key.secret_key, JSON.stringify({ ...order, amount: 1 }), Date.now() / 1000);
    const tampered = await createIntent(server, key, order, { signature: signedOther });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('invalid_signature');
  });

  it('signs the exact bytes sent: the same JSON with other spacing needs its own signature', async () => {
    const spaced = '{ "amount": 700, "currency": "XOF" }';
    const compactSignature = signSandboxRequest(key.secret_key, JSON.stringify({ amount: 700, currency: 'XOF' }), Date.now() / 1000);
    const mismatched = await createIntent(server, key, null, { rawBody: spaced, signature: compactSignature });
    expect(mismatched.body.error.code).toBe('invalid_signature');
    const ok = await createIntent(server, key, null, { rawBody: spaced });
    expect(ok.status).toBe(201);
  });

  it('names a skewed clock and gives the server time, and a re-signed retry with that time succeeds', async () => {
    const skewed = await createIntent(server, key, order, { nowSeconds: Date.now() / 1000 - 3600 });
    expect(skewed.status).toBe(401);
    expect(skewed.body.error.code).toBe('signature_timestamp_out_of_range');
    const serverTime: number = skewed.body.error.details.server_time;
    expect(Math.abs(serverTime - Date.now() / 1000)).toBeLessThan(60);
    expect(skewed.body.error.details).toMatchObject({ tolerance_seconds: 300, request_time: expect.any(Number) });
    const resigned = await createIntent(server, key, order, { nowSeconds: serverTime });
    expect(resigned.status).toBe(201);
  });

  it('answers invalid_currency naming the currency field and listing XOF among the supported codes', async () => {
    for (const currency of ['FCFA', 'XYZ', 12]) {
      const bad = await createIntent(server, key, { amount: 5000, currency });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_currency', field: 'currency' });
      expect(bad.body.error.details.supported).toContain('XOF');
      expect(bad.body.error.details.default).toBe('XOF');
    }
  });

  it('answers missing_field naming amount, then currency', async () => {
    const noAmount = await createIntent(server, key, { currency: 'XOF' });
    expect(noAmount.status).toBe(400);
    expect(noAmount.body.error).toMatchObject({ code: 'missing_field', field: 'amount' });
    const noCurrency = await createIntent(server, key, { amount: 5000, currency: null });
    expect(noCurrency.body.error).toMatchObject({ code: 'missing_field', field: 'currency' });
    const empty = await createIntent(server, key, null, { rawBody: '' });
    expect(empty.body.error).toMatchObject({ code: 'missing_field', field: 'amount' });
  });

  it('names a wrong amount, an unknown field and a malformed body', async () => {
    for (const amount of [0, -5, 12.5, '5000', 1e15]) {
      const bad = await createIntent(server, key, { amount, currency: 'XOF' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_request', field: 'amount' });
    }
    const unknown = await createIntent(server, key, { ...order, capture: true });
    expect(unknown.body.error).toMatchObject({ code: 'unknown_field', field: 'capture' });
    const nested = await createIntent(server, key, { ...order, customer: { email: 'a@b.c', iban: 'x' } });
    expect(nested.body.error).toMatchObject({ code: 'unknown_field', field: 'customer.iban' });
    const broken = await createIntent(server, key, null, { rawBody: '{"amount": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'invalid_request', field: 'body' });
    const array = await createIntent(server, key, [order]);
    expect(array.body.error).toMatchObject({ code: 'invalid_request', field: 'body' });
  });

  it('answers 413 over 1 MiB and 415 for a body that is not JSON', async () => {
    const huge = await createIntent(server, key, { ...order, description: 'x'.repeat(1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const text = await createIntent(server, key, null, { rawBody: 'amount=5000', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('leaves the JSON parser of the staff routes as it was', async () => {
    const broken = await server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', rawBody: '{"latency_ms": ' });
    expect(broken.status).toBe(400);
    const fine = await server.request('GET', '/api/v1/sandbox/faults', { as: 'dev_admin' });
    expect(fine.status).toBe(200);
  });

  it('replays the first answer to a retry with the same Idempotency-Key, even re-signed later', async () => {
    const headers = { 'idempotency-key': 'sdk-retry-0001' };
    const first = await createIntent(server, key, order, { headers });
    const retry = await createIntent(server, key, order, { headers, nowSeconds: Date.now() / 1000 + 5 });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sandbox_payment_intents WHERE id = $1', [first.body.id]);
    expect(rows[0]!.n).toBe(1);
    const reused = await createIntent(server, key, { ...order, amount: 1 }, { headers });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    const badKey = await createIntent(server, key, order, { headers: { 'idempotency-key': 'short' } });
    expect(badKey.body.error.field).toBe('headers.idempotency-key');
  });

  it('counts sandbox calls by outcome on /metrics', async () => {
    const metrics = await server.request('GET', '/metrics', { as: null });
    expect(metrics.body).toMatch(/molam_sandbox_requests_total\{route="\/v1\/payment_intents",outcome="ok"\} \d+/);
    expect(metrics.body).toMatch(/molam_sandbox_requests_total\{route="\/v1\/payment_intents",outcome="invalid_currency"\} \d+/);
  });

  it('lists both sandbox routes in the OpenAPI document', async () => {
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    expect(doc.body.paths['/v1/payment_intents'].post).toBeDefined();
    expect(doc.body.paths['/v1/payment_intents/{id}'].get).toBeDefined();
  });
});
