import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { createIntent, createTestKey, type TestKey } from './test-client.js';

// The sandbox reads its raw body itself (the HMAC covers the bytes), so the server's JSON parser
// does not refuse these for it: its schema must.
describe.each(testBackends())('sandbox payment intents with text PostgreSQL cannot store, on %s', (backend) => {
  let server: TestServer;
  let key: TestKey;
  beforeAll(async () => {
    server = await startTestServer(backend);
    key = await createTestKey(server, 'dev-intent-text');
  });
  afterAll(async () => server?.close());

  it('answers 400 naming the field for a NUL character or a lone surrogate in any text field (they were 500s)', async () => {
    for (const [raw, field] of [
      ['{"amount":100,"currency":"XOF","description":"a\\u0000b"}', 'description'],
      ['{"amount":100,"currency":"XOF","customer":{"name":"\\udc00"}}', 'customer.name'],
      ['{"amount":100,"currency":"XOF","customer":{"email":"x\\ud800@example.com"}}', 'customer.email'],
      ['{"amount":100,"currency":"XOF","metadata":{"order":"\\u0000"}}', 'metadata.order'],
      ['{"amount":100,"currency":"XOF","metadata":{"\\ud800":"x"}}', 'metadata.\ud800'],
    ] as const) {
      const answer = await createIntent(server, key, undefined, { rawBody: raw });
      expect(answer.status, raw).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'invalid_request', field });
    }
  });

  it('still takes a surrogate pair (an emoji) in every text field', async () => {
    const created = await createIntent(server, key, { amount: 100, currency: 'XOF', description: 'merci 🎉', customer: { name: '🎉' }, metadata: { '🎉': '🎉' } });
    expect(created.status).toBe(201);
    expect(created.body.description).toBe('merci 🎉');
  });
});
