import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MolamClient } from './client.js';
import { PatchSet, type PatchSetEvents } from './patch-set.js';
import { PatchVerifier, type Refusal, type ServedPatch } from './patch-verifier.js';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry.js';
import { signedTestPatch, testSigningKey } from './testing/signed-patches.js';

const ACTIVE = '/api/dev/patches/active';
const OTHER_ID = '0b7c1a2e-59a4-4c3e-8f3b-2f4d6c8e9a10';
const key = testSigningKey();

describe('the client\'s patch set', () => {
  let registry: FakeRegistry;
  let now: number;
  let events: { event: keyof PatchSetEvents; payload: unknown }[];
  let refusals: { patch_id: string; version: number; refusal: Refusal }[];

  beforeAll(async () => {
    registry = await startFakeRegistry();
  });
  afterAll(() => registry.close());
  beforeEach(() => {
    registry.requests = [];
    registry.answers.clear();
    now = Date.parse('2026-12-04T12:00:00.000Z');
    events = [];
    refusals = [];
  });

  const serve = (...patches: ServedPatch[]) => registry.answers.set(ACTIVE, { status: 200, body: { generated_at: new Date(now).toISOString(), patches } });
  const newSet = (staleAfterMs = 60_000) =>
    new PatchSet({
      baseUrl: registry.baseUrl,
      sdkToken: 'sdk-token',
      sdkVersion: '0.1.0',
      verifier: new PatchVerifier([key.pem], { now: () => now }),
      allowCodePatches: false,
      staleAfterMs,
      requestTimeoutMs: 2000,
      now: () => now,
      emit: (event, ...args) => events.push({ event, payload: args[0] instanceof Error ? args[0].message : args[0] }),
      refused: (patch, refusal) => refusals.push({ patch_id: patch.patch_id, version: patch.version, refusal }),
    });
  const currency = { status: 400, code: 'invalid_currency', message: 'Currency ABC is not supported' };

  it('asks for the active set of node patches at this SDK version, emits ready then patchesChanged, and finds patches in it', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }));
    expect(set.find(currency)).toBeNull();

    await set.refresh();

    expect(registry.requests.map((request) => request.path)).toEqual([`${ACTIVE}?sdk=node&sdk_version=0.1.0`]);
    expect(events).toEqual([
      { event: 'ready', payload: { patches: 1 } },
      { event: 'patchesChanged', payload: { added: [{ patch_id: signedTestPatch(key).patch_id, version: 3 }], removed: [], updated: [] } },
    ]);
    expect(set.find(currency)).toMatchObject({ version: 3, actions: [{ type: 'set_currency', to: 'XOF' }] });
    expect(set.find({ status: 400, code: 'missing_field', message: 'amount' })).toBeNull();
  });

  it('runs one refresh at a time: a refresh asked for during another shares it', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }));
    await Promise.all([set.refresh(), set.refresh()]);
    expect(registry.requests).toHaveLength(1);
    expect(events.map((e) => e.event)).toEqual(['ready', 'patchesChanged']);
  });

  it('prefers the most specific patch, as the registry ranks them', async () => {
    const set = newSet();
    const general = signedTestPatch(key, { patch_id: OTHER_ID, version: 1, match: { status: 400, sdk_language: 'node' }, error_signature: 'bad request' });
    serve(general, signedTestPatch(key, { version: 3 }));
    await set.refresh();
    expect(set.find(currency)?.patch_id).toBe(signedTestPatch(key).patch_id);
    expect(set.find({ status: 400, code: 'missing_field', message: 'bad request: amount' })?.patch_id).toBe(OTHER_ID);
  });

  it('keeps the last good set through a failed refresh, emitting error and no change', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }));
    await set.refresh();
    events = [];
    registry.answers.set(ACTIVE, { status: 503, body: { error: { code: 'unavailable', message: 'down' } } });

    await set.refresh();

    expect(events).toEqual([{ event: 'error', payload: expect.stringContaining('answered 503') }]);
    expect(set.find(currency)?.version).toBe(3);
  });

  it('drops refused versions from a refresh but keeps the good version it held, and reports each refusal', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }));
    await set.refresh();
    events = [];
    const tampered = { ...signedTestPatch(key, { version: 4 }), actions: [{ type: 'set_currency', to: 'EUR' }] };
    const older = signedTestPatch(key, { patch_id: OTHER_ID, version: 1 });
    serve(tampered, signedTestPatch(key, { patch_id: OTHER_ID, version: 2, match: { status: 409, sdk_language: 'node' } }));
    await set.refresh();
    serve(signedTestPatch(key, { version: 3 }), older);
    await set.refresh();

    expect(refusals.map((r) => [r.patch_id === OTHER_ID ? 'other' : 'main', r.version, r.refusal.reason_code])).toEqual([
      ['main', 4, 'bad_signature'],
      ['other', 1, 'rollback'],
    ]);
    expect(set.find(currency)).toMatchObject({ version: 3, actions: [{ type: 'set_currency', to: 'XOF' }] });
    expect(set.find({ status: 409, code: 'conflict', message: 'x' })).toMatchObject({ patch_id: OTHER_ID, version: 2 });
    expect(events).toEqual([{ event: 'patchesChanged', payload: { added: [{ patch_id: OTHER_ID, version: 2 }], removed: [], updated: [] } }]);
  });

  it('removes patches the registry no longer serves and reports updated versions', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }), signedTestPatch(key, { patch_id: OTHER_ID, version: 1 }));
    await set.refresh();
    events = [];
    serve(signedTestPatch(key, { version: 4 }));
    await set.refresh();
    expect(events).toEqual([
      { event: 'patchesChanged', payload: { added: [], removed: [{ patch_id: OTHER_ID, version: 1 }], updated: [{ patch_id: signedTestPatch(key).patch_id, version: 4 }] } },
    ]);
  });

  it('turns stale once when refreshing keeps failing past staleAfterMs, and fresh again after a good refresh', async () => {
    const set = newSet(10_000);
    serve(signedTestPatch(key, { version: 3 }));
    await set.refresh();
    registry.answers.set(ACTIVE, { status: 500, body: {} });
    now += 5_000;
    await set.refresh();
    now += 6_000;
    await set.refresh();
    await set.refresh();
    expect(events.map((e) => e.event)).toEqual(['ready', 'patchesChanged', 'error', 'error', 'stale', 'error']);
    expect(events[4]!.payload).toEqual({ reason: 'refresh_failing', last_refreshed_at: '2026-12-04T12:00:00.000Z' });
    serve(signedTestPatch(key, { version: 3 }));
    await set.refresh();
    now += 11_000;
    registry.answers.set(ACTIVE, { status: 500, body: {} });
    await set.refresh();
    expect(events.filter((e) => e.event === 'stale')).toHaveLength(2);
  });

  it('turns stale when every held version has expired, and no longer uses them', async () => {
    const set = newSet(3_600_000);
    serve(signedTestPatch(key, { version: 3, expires_at: '2026-12-04T12:01:00.000Z' }));
    await set.refresh();
    expect(set.find(currency)?.version).toBe(3);
    now += 61_000;
    set.checkStale();
    expect(set.find(currency)).toBeNull();
    expect(events.at(-1)).toEqual({ event: 'stale', payload: { reason: 'expired', last_refreshed_at: '2026-12-04T12:00:00.000Z' } });
  });
});

describe('MolamClient events', () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry();
  });
  afterAll(() => registry.close());

  const client = (logger: { info(): void; warn(message: string): void }) =>
    new MolamClient({ apiKey: 'mk_test_a', secretKey: 'sk_test_a', baseUrl: registry.baseUrl, enableSelfHealing: true, sdkToken: 't', trustedPatchKeys: [key.pem], logger });

  it('logs a failed refresh instead of throwing when nobody listens to error', async () => {
    registry.answers.set(ACTIVE, { status: 500, body: {} });
    const warnings: string[] = [];
    const molam = client({ info: () => undefined, warn: (message) => warnings.push(message) });
    await molam.whenReady();
    expect(warnings).toEqual(['Molam SDK could not refresh its patch set; the last good set is kept']);
    await molam.close();
  });

  it('emits ready with the first good set, and survives a listener that throws', async () => {
    registry.answers.set(ACTIVE, { status: 200, body: { generated_at: new Date().toISOString(), patches: [signedTestPatch(key)] } });
    const warnings: string[] = [];
    const molam = client({ info: () => undefined, warn: (message) => warnings.push(message) });
    const seen: string[] = [];
    molam.on('ready', ({ patches }) => seen.push(`ready ${patches}`));
    molam.on('patchesChanged', () => {
      seen.push('patchesChanged');
      throw new Error('listener bug');
    });
    await molam.whenReady();
    expect(seen).toEqual(['ready 1', 'patchesChanged']);
    expect(warnings).toEqual(['Molam SDK "patchesChanged" listener threw; ignored']);
    await molam.close();
  });
});
