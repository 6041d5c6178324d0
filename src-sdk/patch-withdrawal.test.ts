import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PatchCache } from './patch-cache.js';
import { PatchSet, type PatchSetEvents } from './patch-set.js';
import { PatchVerifier, type ServedPatch, type VerifiedPatch } from './patch-verifier.js';
import { APPLICATION_REPORTS, ReportQueue, withdrawnIn, type ApplicationReport } from './report-queue.js';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry.js';
import { signedTestPatch, testSigningKey } from './testing/signed-patches.js';

const ACTIVE = '/api/dev/patches/active';
const key = testSigningKey();
const PATCH_ID = signedTestPatch(key).patch_id;
const currency = { status: 400, code: 'invalid_currency', message: 'Currency ABC is not supported' };

describe('withdrawing a version the registry stopped serving', () => {
  let registry: FakeRegistry;
  let events: { event: keyof PatchSetEvents; payload: unknown }[];
  const now = Date.parse('2026-12-04T12:00:00.000Z');

  beforeAll(async () => {
    registry = await startFakeRegistry();
  });
  afterAll(() => registry.close());
  beforeEach(() => {
    registry.requests = [];
    registry.answers.clear();
    events = [];
  });

  const serve = (...patches: ServedPatch[]) => registry.answers.set(ACTIVE, { status: 200, body: { generated_at: new Date(now).toISOString(), patches } });
  const newSet = () =>
    new PatchSet({
      baseUrl: registry.baseUrl,
      sdkToken: 'sdk-token',
      sdkVersion: '0.1.0',
      verifier: new PatchVerifier([key.pem], { now: () => now }),
      allowCodePatches: false,
      staleAfterMs: 60_000,
      requestTimeoutMs: 2000,
      now: () => now,
      emit: (event, ...args) => events.push({ event, payload: args[0] }),
      refused: () => undefined,
    });
  const refreshes = () => registry.requests.filter((request) => request.path.startsWith(ACTIVE)).length;

  it('drops that exact version at once, emits patchesChanged with it removed, and refreshes soon', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }));
    await set.refresh();
    expect(set.find(currency)?.version).toBe(3);
    events = [];
    // The registry now serves a fixed version to this client.
    serve(signedTestPatch(key, { version: 4 }));

    expect(set.withdraw(PATCH_ID, 3)).toBe(true);

    expect(set.find(currency)).toBeNull();
    expect(events).toEqual([{ event: 'patchesChanged', payload: { added: [], removed: [{ patch_id: PATCH_ID, version: 3 }], updated: [] } }]);
    await expect.poll(() => set.find(currency)?.version, { timeout: 5_000 }).toBe(4);
    expect(refreshes()).toBe(2);
  });

  it('leaves another version of the patch alone, and a patch it does not hold', async () => {
    const set = newSet();
    serve(signedTestPatch(key, { version: 4 }));
    await set.refresh();
    events = [];

    expect(set.withdraw(PATCH_ID, 3)).toBe(false);
    expect(set.withdraw('0b7c1a2e-59a4-4c3e-8f3b-2f4d6c8e9a10', 4)).toBe(false);

    expect(set.find(currency)?.version).toBe(4);
    expect(events).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(refreshes()).toBe(1);
  });

  it('asks for one refresh for withdrawals that come together, after the refresh under way', async () => {
    const other = '0b7c1a2e-59a4-4c3e-8f3b-2f4d6c8e9a10';
    const set = newSet();
    serve(signedTestPatch(key, { version: 3 }), signedTestPatch(key, { patch_id: other, version: 1, error_signature: 'missing', match: { status: 400, error_code: 'missing_field', sdk_language: 'node' } }));
    await set.refresh();
    const underWay = set.refresh();

    set.withdraw(PATCH_ID, 3);
    set.withdraw(other, 1);
    serve();
    await underWay;

    await expect.poll(refreshes, { timeout: 5_000 }).toBe(3);
    await expect.poll(() => set.size, { timeout: 5_000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(refreshes()).toBe(3);
  });

  it('forgets the cached lookup answers that gave that version, and only those', () => {
    const cache = new PatchCache(60_000, () => 0);
    const version = (n: number) => ({ patch_id: PATCH_ID, version: n }) as VerifiedPatch;
    cache.set('a', version(3));
    cache.set('b', version(4));
    cache.set('c', null);

    cache.withdraw(PATCH_ID, 3);

    expect([cache.get('a'), cache.get('b')?.version, cache.get('c')]).toEqual([undefined, 4, null]);
  });

  it('reads the withdrawn versions of a report answer, none from an older server or a malformed answer', () => {
    expect(withdrawnIn({ accepted: 1, duplicates: 0, withdrawn: [{ patch_id: PATCH_ID, version: 3 }, { patch_id: 7, version: 1 }, { patch_id: PATCH_ID, version: '2' }] })).toEqual([
      { patch_id: PATCH_ID, version: 3 },
    ]);
    expect(withdrawnIn({ accepted: 1, duplicates: 0 })).toEqual([]);
    expect(withdrawnIn('not an object')).toEqual([]);
    expect(withdrawnIn({ withdrawn: 'all' })).toEqual([]);
  });

  it('hands the answer of each batch the endpoint took to onAnswer, and not a refused batch\'s', async () => {
    const answers: unknown[] = [];
    const queue = new ReportQueue<ApplicationReport>({
      endpoint: APPLICATION_REPORTS,
      baseUrl: registry.baseUrl,
      sdkToken: 't',
      maxPending: 10,
      flushDelayMs: 60_000,
      warn: () => undefined,
      onAnswer: (answer) => answers.push(answer),
    });
    const report = (n: number) => ({ report_id: `report-${n}-000000`, patch_id: PATCH_ID, patch_version: 3 }) as ApplicationReport;
    const taken = { accepted: 1, duplicates: 0, withdrawn: [{ patch_id: PATCH_ID, version: 3 }] };
    registry.answers.set(APPLICATION_REPORTS.path, { status: 200, body: taken });
    queue.enqueue(report(1));
    await queue.flush();
    registry.answers.set(APPLICATION_REPORTS.path, { status: 400, body: { error: { code: 'validation_failed', message: 'bad' } } });
    queue.enqueue(report(2));
    await queue.close();

    expect(answers).toEqual([taken]);
  });
});
