/** Test helpers for the payments sandbox: key creation and signed calls over the real HTTP server. */
import type { TestServer } from '../testing/harness.js';
import { signSandboxRequest } from './signature.js';

/** A sandbox key pair as tests hold it. */
export interface TestKey {
  api_key: string;
  secret_key: string;
  developer_id: string;
}

/** Creates a key pair for `developerId` through the staff API. */
export async function createTestKey(server: TestServer, developerId: string): Promise<TestKey> {
  const created = await server.request('POST', '/api/v1/sandbox/keys', { as: 'dev_admin', body: { developer_id: developerId } });
  if (created.status !== 201) throw new Error(`creating a sandbox key failed: ${JSON.stringify(created.body)}`);
  return created.body as TestKey;
}

/**
 * Sends `POST /v1/payment_intents` with the key, signing the exact text sent at `nowSeconds`
 * (the real clock unless given). `signature: null` leaves the header out.
 */
export function createIntent(
  server: TestServer,
  key: TestKey,
  body: unknown,
  options: { nowSeconds?: number; signature?: string | null; headers?: Record<string, string>; rawBody?: string } = {},
) {
  const raw = options.rawBody ?? JSON.stringify(body);
  const headers: Record<string, string> = { authorization: `Bearer ${key.api_key}`, ...options.headers };
  const signature = options.signature === undefined ? signSandboxRequest(key.secret_key, raw, options.nowSeconds ?? Date.now() / 1000) : options.signature;
  if (signature !== null) headers['molam-signature'] = signature;
  return server.request('POST', '/v1/payment_intents', { as: null, rawBody: raw, headers });
}

/** Reads an intent with the key. */
export function readIntent(server: TestServer, key: Pick<TestKey, 'api_key'>, id: string) {
  return server.request('GET', `/v1/payment_intents/${id}`, { as: null, headers: { authorization: `Bearer ${key.api_key}` } });
}
