import { createHash, createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedPayloadOf } from '../../src-shared/patch-format.js';
import type { ServedPatch } from '../../src-shared/schemas/sdk.js';
import { startServerOn, startTestServer, TEST_TOKENS, testBackends, type TestServer } from '../testing/harness.js';
import { ResignSweeper } from './resign-sweeper.js';
import { DEFAULT_PATCH_SIGNATURE_TTL_MS, PatchSigner } from './signing.js';
import { createApprovedPatch, patchBody, selfHeal, uniqueCode } from './testing.js';

const DAY = 86_400_000;

/** Whether the served patch's signature and hash hold for its content, expiry included. */
async function verifies(server: TestServer, patch: ServedPatch): Promise<boolean> {
  const keys = await server.request('GET', '/api/dev/signing-keys', { as: 'sdk' });
  const key = keys.body.keys.find((k: { key_id: string }) => k.key_id === patch.key_id);
  if (!key) return false;
  const payload = Buffer.from(signedPayloadOf(patch), 'utf8');
  return (
    verify(null, payload, createPublicKey(key.public_key_pem), Buffer.from(patch.signature, 'base64')) &&
    createHash('sha256').update(payload).digest('hex') === patch.content_hash
  );
}

describe.each(testBackends())('signed patch expiry on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [100] });
  });
  afterAll(async () => server?.close());

  const activeSet = (query: string, as: 'sdk' | 'dev_admin' | 'reviewer' = 'sdk') =>
    server.request('GET', `/api/dev/patches/active${query}`, { as });
  const servedVersion = async (patchId: string): Promise<ServedPatch> => {
    const set = await activeSet('?sdk=node');
    return set.body.patches.find((p: ServedPatch) => p.patch_id === patchId);
  };
  const expiryOf = async (patchId: string, version = 1): Promise<string | null> =>
    (await server.db.query<{ expires_at: string | null }>('SELECT expires_at FROM sdk_patch_versions WHERE patch_id = $1 AND version = $2', [patchId, version]))
      .rows[0]!.expires_at;
  const sweeper = (batchSize?: number) =>
    new ResignSweeper({
      db: server.db,
      signer: new PatchSigner(server.dataDir, DEFAULT_PATCH_SIGNATURE_TTL_MS),
      log: server.built.context.log,
      metrics: server.built.context.metrics,
      batchSize,
    });

  it('signs each version with an expiry 14 days ahead, which the signature covers', async () => {
    const before = Date.now();
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('expiry')));
    const served = await servedVersion(patch.id);
    expect(Date.parse(served.expires_at)).toBeGreaterThanOrEqual(before + DEFAULT_PATCH_SIGNATURE_TTL_MS);
    expect(Date.parse(served.expires_at)).toBeLessThanOrEqual(Date.now() + DEFAULT_PATCH_SIGNATURE_TTL_MS);
    expect(await verifies(server, served)).toBe(true);
    // A copy whose expiry was pushed back no longer verifies, whatever else is kept.
    const extended = new Date(Date.parse(served.expires_at) + 365 * DAY).toISOString();
    expect(await verifies(server, { ...served, expires_at: extended })).toBe(false);
  });

  it('serves the same signed expiry from the self-heal lookup and the active set', async () => {
    const code = uniqueCode('lookup');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    const looked = await selfHeal(server, { status: 429, error_code: code });
    expect(looked.body.patch).toMatchObject({ patch_id: patch.id, expires_at: await expiryOf(patch.id) });
    expect(await servedVersion(patch.id)).toEqual(looked.body.patch);
  });

  it('answers the active set with every served version of the language, by role and version range', async () => {
    const ranged = await createApprovedPatch(server, patchBody(uniqueCode('ranged'), { match: { status: 429, sdk_version_range: '>=2.0.0 <3' } }));
    const python = await createApprovedPatch(server, patchBody(uniqueCode('python'), { sdk_language: 'python' }));
    const ids = async (query: string) => (await activeSet(query)).body.patches.map((p: ServedPatch) => p.patch_id);

    const set = await activeSet('?sdk=node&sdk_version=2.4.1');
    expect(set.status).toBe(200);
    expect(Math.abs(Date.parse(set.body.generated_at) - Date.now())).toBeLessThan(60_000);
    expect(set.body.patches.every((p: ServedPatch) => p.sdk_language === 'node' && typeof p.expires_at === 'string')).toBe(true);
    expect(await ids('?sdk=node&sdk_version=2.4.1')).toContain(ranged.patch.id);
    expect(await ids('?sdk=node&sdk_version=3.0.0')).not.toContain(ranged.patch.id);
    expect(await ids('?sdk=node')).not.toContain(ranged.patch.id);
    expect(await ids('?sdk=python')).toEqual([python.patch.id]);
    expect((await activeSet('?sdk=node', 'dev_admin')).status).toBe(200);
    expect((await activeSet('?sdk=node', 'reviewer')).status).toBe(403);
  });

  it('refuses an unknown or missing language with a 400 naming query.sdk', async () => {
    for (const query of ['?sdk=cobol', '', '?sdk_version=1.0.0']) {
      const answer = await activeSet(query);
      expect({ status: answer.status, field: answer.body.error?.field }).toEqual({ status: 400, field: 'query.sdk' });
    }
    expect((await activeSet(`?sdk=node&sdk_version=${'9'.repeat(65)}`)).body.error.field).toBe('query.sdk_version');
  });

  it('re-signs a version near its expiry and leaves a fresh one alone', async () => {
    const near = (await createApprovedPatch(server, patchBody(uniqueCode('near')))).patch.id;
    const fresh = (await createApprovedPatch(server, patchBody(uniqueCode('fresh')))).patch.id;
    const pending = (await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(uniqueCode('pending')) })).body.patch.id;
    // Six days left (less than half of 14): as if signed eight days ago.
    await server.db.query(`UPDATE sdk_patch_versions SET expires_at = now() + interval '6 days' WHERE patch_id = ANY($1::uuid[])`, [[near, pending]]);
    const freshBefore = await servedVersion(fresh);

    const resigned = await sweeper().sweep();
    expect(resigned).toBe(2);
    expect(Date.parse((await expiryOf(near))!)).toBeGreaterThan(Date.now() + 13 * DAY);
    expect(Date.parse((await expiryOf(pending))!)).toBeGreaterThan(Date.now() + 13 * DAY);
    expect(await servedVersion(fresh)).toEqual(freshBefore);
    const served = await servedVersion(near);
    expect(served.expires_at).toBe(await expiryOf(near));
    expect(await verifies(server, served)).toBe(true);

    const metrics = (await server.request('GET', '/metrics', { as: null })).body as string;
    expect(metrics).toMatch(/^self_heal_patch_resigned_total [1-9]/m);
    expect(await sweeper().sweep()).toBe(0);
  });

  it('leaves a retired version to expire', async () => {
    const code = uniqueCode('retired');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: patchBody(code, { description: 'second' }) });
    await server.request('POST', `/api/dev/patches/${patch.id}/versions/2/approve`, { as: 'reviewer' });
    await server.db.query(`UPDATE sdk_patch_versions SET expires_at = now() + interval '1 day' WHERE patch_id = $1 AND version = 1`, [patch.id]);
    const retiredExpiry = await expiryOf(patch.id, 1);
    await sweeper().sweep();
    expect(await expiryOf(patch.id, 1)).toBe(retiredExpiry);
  });

  it('keeps signing the previous version a running rollout still serves outside its share', async () => {
    const code = uniqueCode('rollout');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: patchBody(code, { description: 'staged' }) });
    // Version 2 is approved through a server that stages rollouts: version 1 stays served to the other 95 %.
    const staged = await startServerOn(server.db, { rolloutSteps: [5, 100] });
    try {
      const approved = await fetch(`${staged.baseUrl}/api/dev/patches/${patch.id}/versions/2/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKENS.reviewer}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(approved.status).toBe(200);
    } finally {
      await staged.close();
    }
    const rollout = await server.db.query('SELECT state, previous_version FROM sdk_patch_rollouts WHERE patch_id = $1 AND version = 2', [patch.id]);
    expect(rollout.rows).toEqual([{ state: 'rolling', previous_version: 1 }]);
    await server.db.query(`UPDATE sdk_patch_versions SET expires_at = now() + interval '1 day' WHERE patch_id = $1 AND version = 1`, [patch.id]);
    await sweeper().sweep();
    expect(Date.parse((await expiryOf(patch.id, 1))!)).toBeGreaterThan(Date.now() + 13 * DAY);
  });

  it('runs two sweepers over one database without signing a version twice', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await createApprovedPatch(server, patchBody(uniqueCode('race')))).patch.id);
    await server.db.query(`UPDATE sdk_patch_versions SET expires_at = now() + interval '2 days' WHERE patch_id = ANY($1::uuid[])`, [ids]);
    // Two processes' sweepers, one in batches of one: each version is re-signed by one of them only.
    const counts = await Promise.all([sweeper(1).sweep(), sweeper().sweep()]);
    expect(counts[0] + counts[1]).toBe(3);
    for (const id of ids) expect(await verifies(server, await servedVersion(id))).toBe(true);
  });

  it('sweeps again on its timer until stopped', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('timer')));
    const timed = new ResignSweeper({
      db: server.db,
      signer: new PatchSigner(server.dataDir),
      log: server.built.context.log,
      metrics: server.built.context.metrics,
      intervalMs: 20,
    });
    timed.start();
    try {
      await server.db.query(`UPDATE sdk_patch_versions SET expires_at = now() + interval '3 days' WHERE patch_id = $1`, [patch.id]);
      await vi.waitFor(async () => expect(Date.parse((await expiryOf(patch.id))!)).toBeGreaterThan(Date.now() + 13 * DAY), { timeout: 20_000, interval: 100 });
    } finally {
      await timed.stop();
    }
  });

  it('signs versions written without an expiry when a server starts, before it answers', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('legacy')));
    await server.db.query('UPDATE sdk_patch_versions SET expires_at = NULL WHERE patch_id = $1', [patch.id]);
    const restarted = await startServerOn(server.db, { rolloutSteps: [100] });
    try {
      expect(await expiryOf(patch.id)).not.toBeNull();
      expect(await verifies(server, await servedVersion(patch.id))).toBe(true);
    } finally {
      await restarted.close();
    }
  });

  it('serves no version whose signature has expired', async () => {
    const code = uniqueCode('expired');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    // A sweeper that stopped long ago: the version's signed expiry passed.
    await server.db.query(`UPDATE sdk_patch_versions SET expires_at = now() - interval '1 minute' WHERE patch_id = $1`, [patch.id]);
    await server.request('PUT', `/api/dev/patches/${patch.id}`, { as: 'dev_admin', body: patchBody(code, { description: 'waiting' }) });
    expect((await selfHeal(server, { status: 429, error_code: code })).body.patch).toBeNull();
    expect(await servedVersion(patch.id)).toBeUndefined();
  });
});
