import { describe, expect, it } from 'vitest';
import { DryRunResultSchema, type CallState, type FailureInput } from './dry-run-schema.js';
import type { DraftBody } from './draft.js';
import { dryRun } from './dry-run.js';
import type { PatchCandidate } from './matcher.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const call: CallState = {
  request: { method: 'POST', path: '/v1/payment_intents', headers: {}, body: { amount: 100, currency: 'EUR' } },
  options: { timeout_ms: 5000 },
  credential: 'primary',
};
const failure: FailureInput = { sdk_language: 'node', status: 422, error_code: 'invalid_currency', message: 'Currency EUR is not supported' };

let counter = 0;
function stored(match: Record<string, unknown>, actions: unknown[], extra: Partial<PatchCandidate> = {}): PatchCandidate {
  counter += 1;
  return {
    patch_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    version: 1,
    error_signature: `signature ${counter}`,
    description: `patch ${counter}`,
    match: { sdk_language: 'node', ...match },
    actions,
    patch_code: null,
    reviewed_at: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}
const draft: DraftBody = {
  sdk_language: 'node',
  error_signature: 'invalid_currency',
  description: 'Use XOF',
  severity: 'medium',
  match: { status: 422, error_code: 'invalid_currency', message_pattern: 'Currency' },
  actions: [{ type: 'set_currency', to: 'XOF' }],
};

describe('dry run', () => {
  it('ranks every match, applies the first one and shows what undoing gives back', () => {
    const broad = stored({ status: 422 }, [{ type: 'increase_timeout', factor: 2, max_ms: 8000 }]);
    const precise = stored({ status: 422, error_code: 'invalid_currency' }, [{ type: 'set_currency', to: 'XOF' }, { type: 'use_fallback_credential', credential_ref: 'backup' }]);
    const other = stored({ status: 401 }, [{ type: 'respect_retry_after' }]);
    const result = DryRunResultSchema.parse(dryRun({ candidates: [broad, other, precise], failure, call, now }));
    expect(result.matches).toEqual([
      { patch_id: precise.patch_id, version: 1, error_signature: precise.error_signature, description: precise.description, score: 40, rank: 1 },
      { patch_id: broad.patch_id, version: 1, error_signature: broad.error_signature, description: broad.description, score: 10, rank: 2 },
    ]);
    expect(result.outcome).toMatchObject({
      patch_id: precise.patch_id,
      before: call,
      after: { ...call, request: { ...call.request, body: { amount: 100, currency: 'XOF' } }, credential: 'backup' },
      restored: call,
      restored_equals_before: true,
      steps: [
        { type: 'set_currency', restores: 'field:currency', error: null },
        { type: 'use_fallback_credential', restores: 'credential', error: null },
      ],
    });
  });

  it('ranks the draft among the active versions, in place of the version it would replace', () => {
    const active = stored({ status: 422, error_code: 'invalid_currency', message_pattern: 'Currency' }, [{ type: 'respect_retry_after' }]);
    const broad = stored({ status: 422 }, [{ type: 'respect_retry_after' }]);
    const asNewPatch = dryRun({ candidates: [active, broad], draft: { body: draft }, failure, call, now });
    expect(asNewPatch.matches.map((match) => [match.patch_id, match.rank])).toEqual([
      [null, 1],
      [active.patch_id, 2],
      [broad.patch_id, 3],
    ]);
    expect(asNewPatch.outcome).toMatchObject({ patch_id: null, version: null, after: { request: { body: { currency: 'XOF' } } } });
    const asNewVersion = dryRun({ candidates: [active, broad], draft: { body: draft, patchId: active.patch_id }, failure, call, now });
    expect(asNewVersion.matches.map((match) => match.patch_id)).toEqual([null, broad.patch_id]);
  });

  it('answers no outcome when nothing matches, and leaves out a stored version whose match is invalid', () => {
    const broken = stored({ status: 422, message_pattern: '(a+)+' }, [{ type: 'respect_retry_after' }]);
    expect(dryRun({ candidates: [broken, stored({ status: 500 }, [])], failure, call, now })).toEqual({ matches: [], outcome: null });
  });

  it('reports an action that cannot apply and undoes the ones before it', () => {
    const patch = stored({ status: 422 }, [
      { type: 'use_fallback_credential', credential_ref: 'backup' },
      { type: 'default_field', field: 'amount.value', value: 1 },
    ]);
    const { outcome } = dryRun({ candidates: [patch], failure, call, now });
    expect(outcome?.steps.map((step) => step.error)).toEqual([null, expect.stringContaining('body.amount is not an object')]);
    expect(outcome).toMatchObject({ after: { credential: 'backup' }, restored: call, restored_equals_before: true });
  });

  it('leaves code patches out unless asked, and never runs their code', () => {
    const code = stored({ status: 422 }, [], { patch_code: 'this.x = 1' });
    expect(dryRun({ candidates: [code], failure, call, now }).matches).toEqual([]);
    const allowed = dryRun({ candidates: [code], failure, call, now, allowCodePatches: true });
    expect(allowed.matches).toHaveLength(1);
    expect(allowed.outcome).toMatchObject({ after: call, steps: [], restored_equals_before: true });
  });
});
