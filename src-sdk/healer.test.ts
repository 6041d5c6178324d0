import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import { Healer, type CodePatchRunner } from './healer.js';
import { PatchCache } from './patch-cache.js';
import { PatchSet } from './patch-set.js';
import { PatchVerifier, type Refusal } from './patch-verifier.js';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry.js';
import { signedTestPatch, testSigningKey } from './testing/signed-patches.js';

const key = testSigningKey();
const failure = { status: 400, code: 'invalid_currency', message: 'currency "ABC" is not supported' };
const state: CallState = { request: { method: 'POST', path: '/v1/payment_intents', headers: {}, body: { currency: 'ABC' } }, options: { timeout_ms: 1000 }, credential: 'primary' };

describe('Healer', () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry();
  });
  afterAll(() => registry.close());

  function healer(runCode?: CodePatchRunner) {
    const refusals: Refusal[] = [];
    const verifier = new PatchVerifier([key.pem], { allowCodePatches: runCode !== undefined });
    const deps = { baseUrl: registry.baseUrl, sdkToken: 't', sdkVersion: '0.1.0', now: Date.now };
    const patchSet = new PatchSet({ ...deps, verifier, allowCodePatches: runCode !== undefined, staleAfterMs: 60_000, requestTimeoutMs: 1000, emit: () => undefined, refused: () => undefined });
    const instance = new Healer({
      ...deps,
      patchSet,
      cache: new PatchCache(60_000, () => performance.now()),
      verifier,
      budgetMs: 2000,
      runCode,
      codeTimeoutMs: 5000,
      hasCredential: (ref) => ref === 'primary',
      refused: (_patch, refusal) => refusals.push(refusal),
      warn: () => undefined,
      sleep: async () => undefined,
    });
    return { instance, verifier, refusals };
  }

  it('runs a code patch after the actions and undoes the patch, without retrying, when the code fails', async () => {
    registry.answers.set('/api/dev/self-heal', { status: 200, body: { patch: signedTestPatch(key, { patch_code: 'throw new Error("no")', actions: [] }) } });
    const seen: CallState[] = [];
    const { instance } = healer(async (_code, input) => (seen.push(input), { ok: false, error: 'Error: no' }));
    let retried = false;

    const outcome = await instance.heal(state, failure, async () => ((retried = true), { ok: true, status: 200, body: {} }));

    expect(retried).toBe(false);
    expect(seen).toEqual([state]);
    expect(outcome).toEqual({
      healed: false,
      attempt: expect.objectContaining({ success: false, rollback_triggered: true, retryFailure: expect.objectContaining({ code: 'patch_not_applicable', message: 'the patch code failed: Error: no' }) }),
    });
    expect(JSON.parse(registry.requests.at(-1)!.body)).toMatchObject({ allow_code_patches: true, status: 400, error_code: 'invalid_currency' });
  });

  it('retries with the state the code returned', async () => {
    registry.answers.set('/api/dev/self-heal', { status: 200, body: { patch: signedTestPatch(key, { patch_code: 'state.request.body.currency = "XOF"', actions: [] }) } });
    const { instance } = healer(async (_code, input) => ({ ok: true, state: { ...input, request: { ...input.request, body: { currency: 'XOF' } } } }));
    const sent: CallState[] = [];

    const outcome = await instance.heal(state, failure, async (healed) => (sent.push(healed), { ok: true, status: 201, body: { id: 'pi_1' } }));

    expect(outcome.healed).toBe(true);
    expect(sent.map((s) => s.request.body)).toEqual([{ currency: 'XOF' }]);
    expect(state.request.body).toEqual({ currency: 'ABC' });
  });

  it('refuses a rolled-back version served by the lookup and reports it', async () => {
    const { instance, verifier, refusals } = healer();
    expect(verifier.verify(signedTestPatch(key, { version: 5 })).ok).toBe(true);
    registry.answers.set('/api/dev/self-heal', { status: 200, body: { patch: signedTestPatch(key, { version: 4 }) } });

    const outcome = await instance.heal(state, { ...failure, message: 'another message' }, async () => ({ ok: true, status: 200, body: {} }));

    expect(outcome).toEqual({ healed: false });
    expect(refusals).toEqual([expect.objectContaining({ reason_code: 'rollback', highest_seen_version: 5 })]);
  });
});
