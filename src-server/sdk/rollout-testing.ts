import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { rolloutBucket } from '../../src-shared/domain/patch-rollout.js';
import type { Rollout } from '../../src-shared/schemas/rollout.js';
import { createToken } from '../http/auth.js';
import type { TestServer } from '../testing/harness.js';
import { createApprovedPatch, patchBody, uniqueCode } from './testing.js';

/** Two developer ids for a patch: one inside a share of `sharePct` percent, one outside every share below `outsideOf`. */
export function developersAround(patchId: string, sharePct: number, outsideOf = sharePct): { inside: string; outside: string } {
  let inside: string | undefined;
  let outside: string | undefined;
  for (let i = 0; (inside === undefined || outside === undefined) && i < 100_000; i++) {
    const name = `developer-${i}`;
    const bucket = rolloutBucket(patchId, name);
    if (inside === undefined && bucket < sharePct) inside = name;
    if (outside === undefined && bucket >= outsideOf) outside = name;
  }
  return { inside: inside!, outside: outside! };
}

/** A developer calling the registry with an SDK token of its own (the developer id is the token's name). */
export async function developer(server: TestServer, name: string) {
  const token = `sdk-${randomUUID()}`;
  await createToken(server.db, { name, role: 'sdk', token });
  return {
    /** The version of a patch the self-heal lookup answers with for `errorCode` (null: no patch). */
    async servedVersion(errorCode: string): Promise<number | null> {
      const response = await fetch(`${server.baseUrl}/api/dev/self-heal`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sdk: 'node', error: 'Request failed', status: 429, error_code: errorCode }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { patch: { version: number } | null };
      return body.patch?.version ?? null;
    },
  };
}

/** `count` application reports of a patch version: the first `rollbacks` rolled back, the next `failures` failed without rollback. */
export function reportsOf(patchId: string, version: number, count: number, outcome: { rollbacks?: number; failures?: number; appliedAt?: string } = {}) {
  const rollbacks = outcome.rollbacks ?? 0;
  const failures = outcome.failures ?? 0;
  return Array.from({ length: count }, (_, i) => ({
    report_id: `r-${randomUUID()}`,
    patch_id: patchId,
    patch_version: version,
    sdk_language: 'node',
    error_encountered: '429 Too Many Requests',
    success: i >= rollbacks + failures,
    rollback_triggered: i < rollbacks,
    ...(outcome.appliedAt ? { applied_at: outcome.appliedAt } : {}),
  }));
}

export async function sendReports(server: TestServer, reports: unknown[]): Promise<void> {
  const response = await server.request('POST', '/api/dev/patch-applications', { as: 'sdk', body: { reports } });
  expect(response.status).toBe(200);
}

export async function rolloutOf(server: TestServer, patchId: string): Promise<Rollout> {
  const response = await server.request('GET', `/api/dev/patches/${patchId}/rollout`, { as: 'ops' });
  expect(response.status).toBe(200);
  return response.body.rollout as Rollout;
}

/** Waits until the patch's rollout satisfies `check` (evaluations run right after a report batch commits). */
export async function rolloutWhen(server: TestServer, patchId: string, check: (rollout: Rollout) => boolean): Promise<Rollout> {
  await expect.poll(async () => check(await rolloutOf(server, patchId)), { timeout: 15_000, interval: 50 }).toBe(true);
  return rolloutOf(server, patchId);
}

/** A reviewer's hand on a rollout. */
export function rolloutAction(server: TestServer, patchId: string, body: Record<string, unknown>, as: 'reviewer' | 'reviewer2' | 'admin' | 'ops' | 'dev_admin' = 'reviewer') {
  return server.request('POST', `/api/dev/patches/${patchId}/rollout`, { as, body });
}

/** A patch whose version 1 served every developer (its rollout completed by hand) and whose version 2 is approved now. */
export async function patchWithSecondVersionRolling(server: TestServer) {
  const code = uniqueCode('rollout');
  const { patch } = await createApprovedPatch(server, patchBody(code));
  for (let step = 0; step < 2; step++) expect((await rolloutAction(server, patch.id, { action: 'advance', version: 1 })).status).toBe(200);
  const updated = await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: patchBody(code, { description: 'Back off longer' }) });
  expect(updated.status).toBe(200);
  const approved = await server.request('POST', `/api/dev/patches/${patch.id}/versions/2/approve`, { as: 'reviewer' });
  expect(approved.status).toBe(200);
  return { patchId: patch.id, code };
}
