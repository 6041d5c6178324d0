import { randomUUID } from 'node:crypto';
import type { TestServer, TokenName } from '../testing/harness.js';

/** A code unique to one test, so patches made by other tests of the same server never match its calls. */
export const uniqueCode = (label: string): string => `${label}_${randomUUID().slice(0, 8)}`;

/** A valid patch body for `POST /api/dev/patches`, matching calls that carry `errorCode`. */
export function patchBody(errorCode: string, overrides: Record<string, unknown> = {}) {
  return {
    sdk_language: 'node',
    error_signature: '429 Too Many Requests',
    description: `Back off on ${errorCode}`,
    severity: 'medium',
    match: { status: 429, error_code: errorCode },
    actions: [
      { type: 'respect_retry_after' },
      { type: 'retry_with_backoff', max_attempts: 4, base_ms: 100, max_ms: 2000 },
    ],
    ...overrides,
  };
}

/** Creates a patch as `author` and approves its version 1 as reviewer; returns the approval answer. */
export async function createApprovedPatch(server: TestServer, body: Record<string, unknown>, author: TokenName = 'dev_admin') {
  const created = await server.request('POST', '/api/dev/patches', { as: author, body });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const approved = await server.request('POST', `/api/dev/patches/${created.body.patch.id}/versions/1/approve`, { as: 'reviewer' });
  if (approved.status !== 200) throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body)}`);
  return approved.body as { patch: { id: string; version: number }; version: { version: number } };
}

/** Asks the registry for a patch as the SDK would. */
export function selfHeal(server: TestServer, body: Record<string, unknown>, as: TokenName | null = 'sdk') {
  return server.request('POST', '/api/dev/self-heal', { as, body: { sdk: 'node', error: 'Request failed', ...body } });
}

/** The value of one Prometheus sample line (`name{labels}`), 0 when absent. */
export function metricSample(metrics: string, line: string): number {
  const found = metrics.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}
