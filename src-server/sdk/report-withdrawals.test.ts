import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../http/auth.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { developersAround, patchWithSecondVersionRolling, reportsOf, rolloutAction } from './rollout-testing.js';
import { createApprovedPatch, patchBody, uniqueCode } from './testing.js';

describe.each(testBackends())('report answers withdraw the versions a developer is no longer served, on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [5, 25, 100], rolloutMinApplications: 1_000 });
  });
  afterAll(async () => server?.close());

  /** Sends reports with an SDK token of the developer `name`; answers the response body. */
  async function reportAs(name: string, reports: unknown[]) {
    const token = `sdk-${randomUUID()}`;
    await createToken(server.db, { name, role: 'sdk', token });
    const response = await fetch(`${server.baseUrl}/api/dev/patch-applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reports }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { accepted: number; duplicates: number; withdrawn: { patch_id: string; version: number }[] };
  }

  it('answers a halted version in withdrawn, once however many reports name it, and a version still served not', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const { inside, outside } = developersAround(patchId, 5);

    const served = await reportAs(inside, reportsOf(patchId, 2, 2));
    expect(served).toEqual({ accepted: 2, duplicates: 0, withdrawn: [] });

    expect((await rolloutAction(server, patchId, { action: 'abort', version: 2, reason: 'merchants report double charges' })).status).toBe(200);

    const halted = await reportAs(inside, reportsOf(patchId, 2, 3));
    expect(halted).toEqual({ accepted: 3, duplicates: 0, withdrawn: [{ patch_id: patchId, version: 2 }] });
    // Outside the halted share the previous version is still served; inside it nothing is (its SDKs would refuse the older version).
    expect((await reportAs(outside, reportsOf(patchId, 1, 1))).withdrawn).toEqual([]);
    expect((await reportAs(inside, reportsOf(patchId, 1, 1))).withdrawn).toEqual([{ patch_id: patchId, version: 1 }]);
  });

  it('withdraws per developer: a rolling version outside its share, not inside; another served patch in the batch stays', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const { inside, outside } = developersAround(patchId, 5);
    const other = (await createApprovedPatch(server, patchBody(uniqueCode('kept')))).patch.id;
    // The other patch's version 1 rolls out in steps too: complete it so both developers are served it.
    for (let step = 0; step < 2; step++) expect((await rolloutAction(server, other, { action: 'advance', version: 1 })).status).toBe(200);
    const batch = () => [...reportsOf(patchId, 2, 1), ...reportsOf(other, 1, 1)];

    expect((await reportAs(inside, batch())).withdrawn).toEqual([]);
    expect((await reportAs(outside, batch())).withdrawn).toEqual([{ patch_id: patchId, version: 2 }]);
  });

  it('withdraws every version of a deactivated patch', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const { inside } = developersAround(patchId, 5);
    const deactivated = await server.request('DELETE', `/api/dev/patches/${patchId}`, { as: 'dev_admin' });
    expect(deactivated.status).toBe(200);

    const answer = await reportAs(inside, [...reportsOf(patchId, 1, 1), ...reportsOf(patchId, 2, 1)]);
    expect(answer.withdrawn).toEqual([
      { patch_id: patchId, version: 1 },
      { patch_id: patchId, version: 2 },
    ]);
  });
});
