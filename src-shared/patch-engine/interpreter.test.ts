import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, PatchActionSchema, type PatchAction } from '../patch-format.js';
import type { CallState } from './dry-run-schema.js';
import { applyActions, MAX_RETRY_AFTER_WAIT_MS } from './interpreter.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const state = (overrides: Partial<CallState> = {}): CallState => ({
  request: {
    method: 'POST',
    path: '/v1/payment_intents',
    headers: { 'content-type': 'application/json', 'X-Molam-Timestamp': '1700000000', 'x-molam-signature': 'abc' },
    body: { amount: 5000, currency: 'EUR', customer: { email: 'a@example.com' } },
  },
  options: { timeout_ms: 10_000 },
  credential: 'primary_api_key',
  ...overrides,
});
const run = (actions: unknown[], from: CallState = state()) => applyActions(from, actions.map((action) => PatchActionSchema.parse(action)), { now });

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('patch action interpreter', () => {
  it('applies each action as documented and undoes it back to the state before', () => {
    const before = deepFreeze(state());
    const result = run(
      [
        { type: 'set_option', key: 'idempotent', value: { on: true } },
        { type: 'increase_timeout', factor: 2.5, max_ms: 20_000 },
        { type: 'retry_with_backoff', max_attempts: 3, base_ms: 100, max_ms: 1000 },
        { type: 'use_fallback_credential', credential_ref: 'fallback_api_key' },
        { type: 'default_field', field: 'metadata.source.channel', value: 'sdk' },
        { type: 'set_currency', from: 'EUR', to: 'XOF' },
        { type: 'resign_request', clock_skew_tolerance_s: 30 },
        { type: 'respect_retry_after' },
      ],
      before,
    );
    expect(result.steps.map((step) => step.error)).toEqual(Array(8).fill(null));
    expect(result.steps.map((step) => step.restores)).toEqual([
      'option:idempotent',
      'option:timeout',
      'option:retry',
      'credential',
      'field:metadata.source.channel',
      'field:currency',
      'request:signature',
      'option:retry_after',
    ]);
    expect(result.state).toEqual({
      request: {
        method: 'POST',
        path: '/v1/payment_intents',
        headers: { 'content-type': 'application/json', 'x-molam-timestamp': String(now.getTime() / 1000) },
        body: { amount: 5000, currency: 'XOF', customer: { email: 'a@example.com' }, metadata: { source: { channel: 'sdk' } } },
      },
      options: {
        idempotent: { on: true },
        timeout_ms: 20_000,
        retry: { max_attempts: 3, base_ms: 100, max_ms: 1000 },
        retry_after_max_ms: MAX_RETRY_AFTER_WAIT_MS,
      },
      credential: 'fallback_api_key',
    });
    expect(result.undo(result.state)).toEqual(before);
  });

  it('leaves what it does not own alone: a default over a present field, a currency that is not `from`', () => {
    const result = run([
      { type: 'default_field', field: 'customer.email', value: 'b@example.com' },
      { type: 'set_currency', from: 'USD', to: 'XOF' },
    ]);
    expect(result.state).toEqual(state());
    expect(result.steps.map((step) => step.summary)).toEqual([expect.stringContaining('already set'), expect.stringContaining('left as it is')]);
  });

  it('never lowers a timeout and refuses to increase one that is not set', () => {
    expect(run([{ type: 'increase_timeout', factor: 2, max_ms: 5000 }]).state.options.timeout_ms).toBe(10_000);
    const missing = run([{ type: 'increase_timeout', factor: 2, max_ms: 5000 }, { type: 'respect_retry_after' }], state({ options: {} }));
    expect(missing.steps).toEqual([expect.objectContaining({ type: 'increase_timeout', error: expect.stringMatching(/timeout_ms/) })]);
    expect(missing.state).toEqual(state({ options: {} }));
  });

  it('stops at a default through a non-object and undoes only what applied', () => {
    const before = state();
    const result = run(
      [
        { type: 'use_fallback_credential', credential_ref: 'fallback_api_key' },
        { type: 'default_field', field: 'amount.value', value: 1 },
        { type: 'set_currency', to: 'XOF' },
      ],
      before,
    );
    expect(result.steps.map((step) => step.error)).toEqual([null, 'body.amount is not an object, so "amount.value" cannot be set in it']);
    expect(result.state.credential).toBe('fallback_api_key');
    expect(result.undo(result.state)).toEqual(before);
  });

  it('undoes on a later state by restoring only what each inverse names', () => {
    const result = run([{ type: 'set_option', key: 'mode', value: 'safe' }, { type: 'default_field', field: 'metadata.note', value: 'x' }]);
    const later: CallState = {
      ...result.state,
      options: { ...result.state.options, unrelated: 1 },
      request: { ...result.state.request, body: { ...result.state.request.body, metadata: { note: 'x', other: 2 } } },
    };
    const restored = result.undo(later);
    expect(restored.options).toEqual({ timeout_ms: 10_000, unrelated: 1 });
    expect(restored.request.body.metadata).toEqual({ other: 2 });
  });

  it('gives back exactly the state before for any actions and any call, without changing its input', () => {
    const jsonValue = fc.jsonValue({ maxDepth: 2 }).filter((value) => JSON.stringify(value).length <= 4096);
    const key = fc.constantFrom('a', 'b', 'timeout_ms', 'retry', 'currency', 'metadata');
    const actionArb = fc.oneof(
      fc.record({ type: fc.constant('set_option'), key, value: jsonValue }),
      fc.record({ type: fc.constant('increase_timeout'), factor: fc.double({ min: 1.01, max: 10, noNaN: true }), max_ms: fc.integer({ min: 1, max: 300_000 }) }),
      fc.record({ type: fc.constant('retry_with_backoff'), max_attempts: fc.integer({ min: 1, max: 10 }), base_ms: fc.integer({ min: 1, max: 100 }), max_ms: fc.integer({ min: 100, max: 300_000 }) }),
      fc.record({ type: fc.constant('use_fallback_credential'), credential_ref: fc.constantFrom('fallback', 'backup_key') }),
      fc.record({ type: fc.constant('default_field'), field: fc.constantFrom('a', 'a.b', 'currency', 'metadata.x.y', 'b.c'), value: jsonValue }),
      fc.record({ type: fc.constant('set_currency'), from: fc.option(fc.constantFrom('EUR', 'USD'), { nil: undefined }), to: fc.constantFrom('XOF', 'EUR') }),
      fc.record({ type: fc.constant('resign_request') }),
      fc.record({ type: fc.constant('respect_retry_after'), max_wait_ms: fc.option(fc.integer({ min: 1, max: 300_000 }), { nil: undefined }) }),
    );
    const stateArb = fc.record({
      body: fc.dictionary(fc.constantFrom('a', 'b', 'currency', 'metadata'), jsonValue, { maxKeys: 4 }),
      options: fc.dictionary(key, jsonValue, { maxKeys: 4 }),
      headers: fc.dictionary(fc.constantFrom('x-molam-signature', 'X-Molam-Timestamp', 'accept'), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    });
    fc.assert(
      fc.property(stateArb, fc.array(actionArb, { maxLength: 20 }), (generated, actions) => {
        const before = deepFreeze(state({ request: { ...state().request, body: generated.body, headers: generated.headers }, options: generated.options }));
        const snapshot = canonicalJson(before);
        const result = applyActions(before, actions.map((action) => PatchActionSchema.parse(action) as PatchAction), { now });
        expect(canonicalJson(before)).toBe(snapshot);
        expect(canonicalJson(result.undo(result.state))).toBe(snapshot);
      }),
      { numRuns: 300 },
    );
  });
});
