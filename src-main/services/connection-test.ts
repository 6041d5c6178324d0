import { z } from 'zod';
import type { ConnectionTest } from '../../src-shared/ipc/settings.js';
import { WhoAmISchema } from '../../src-shared/schemas/admin.js';
import { BackendClient } from '../backend/backend-client.js';
import { backendProblem } from '../backend/backend-problem.js';
import { BackendHttpError } from '../backend/backend-errors.js';

/** What every Molam backend answers on `/healthz`, token or not. */
const HealthSchema = z.object({ status: z.literal('ok') });

export interface ConnectionTestOptions {
  /** Per request (default 8 s): a test answers within seconds or says it timed out. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function badUrl(url: string, why: string): ConnectionTest {
  return { ok: false, problem: { failure: 'bad-url', status: null, detail: `"${url}" ${why}` } };
}

/**
 * Tries a backend the way a session would use it, one question at a time, and stops at the first
 * failure: the address, then `/healthz` (is something there, and is it a Molam backend?), then
 * `/api/v1/whoami` with the token (is the token accepted, does the backend speak this contract?).
 * The token is sent to that backend only and appears in no answer.
 */
export async function testConnection(input: { url: string; token?: string | undefined }, options: ConnectionTestOptions = {}): Promise<ConnectionTest> {
  const url = input.url.trim();
  if (url === '') return badUrl(url, 'is empty: type the backend’s address, such as https://heal.example.com');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return badUrl(url, 'is not a URL (it needs http:// or https:// and a host name)');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return badUrl(url, `uses ${parsed.protocol.replace(/:$/, '')}; only http and https are allowed`);
  if (parsed.username || parsed.password) return badUrl(url, 'carries a user name or password; put the token in its own field instead');

  const client = new BackendClient({
    baseUrl: `${parsed.origin}${parsed.pathname}`,
    token: input.token,
    attempts: 1,
    timeoutMs: options.timeoutMs ?? 8_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    await client.request('GET', '/healthz', { schema: HealthSchema });
  } catch (error) {
    const problem = backendProblem(error, 'not-molam');
    // Something answered, but not as a Molam backend does (a 2xx in another shape, or an error page).
    if (problem.failure === 'version-mismatch' || (error instanceof BackendHttpError && error.status < 500)) {
      return { ok: false, problem: { ...problem, failure: 'not-molam' } };
    }
    return { ok: false, problem };
  }
  if (input.token === undefined) {
    return { ok: false, problem: { failure: 'token-refused', status: null, detail: 'no token was given; the backend needs one for every request' } };
  }
  try {
    const who = await client.request('GET', '/api/v1/whoami', { schema: WhoAmISchema });
    return { ok: true, identity: { name: who.name, role: who.role } };
  } catch (error) {
    return { ok: false, problem: backendProblem(error, 'version-mismatch') };
  }
}
