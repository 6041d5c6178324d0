import { describe, expect, it } from 'vitest';
import { defaultDryRunForm, failureOf, failureOfDraft, literalOf, readDryRunForm, withFailure } from './dry-run-form.js';

describe('the dry run’s form', () => {
  it('starts from a sample payment call that the contract accepts', () => {
    const read = readDryRunForm({ ...defaultDryRunForm(), message: 'amount must be a positive integer' });
    expect(read).toEqual({
      ok: true,
      request: {
        failure: { sdk_language: 'node', message: 'amount must be a positive integer' },
        call: {
          request: { method: 'POST', path: '/v1/payment_intents', headers: { 'content-type': 'application/json' }, body: { amount: '5000', currency: 'EUR' } },
          options: { timeout_ms: 10000 },
          credential: 'default',
        },
      },
    });
  });

  it('names every field that is wrong and why', () => {
    const read = readDryRunForm({ ...defaultDryRunForm(), status: '4000', headers: '{"x": 1}', body: '[1]', options: '{oops' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map(({ field, problem }) => `${field}:${problem}`)).toEqual(['status:notStatus', 'body:notObject', 'options:notJson', 'headers:notStringValues']);
    expect(read.problems.find((problem) => problem.field === 'options')!.detail).toBeTruthy();
  });

  it('sends schema refusals to the field they are about, with the schema’s sentence', () => {
    const read = readDryRunForm({ ...defaultDryRunForm(), path: ' ', credential: '' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((problem) => problem.field).sort()).toEqual(['credential', 'path']);
    expect(read.problems.every((problem) => problem.problem === 'invalid' && problem.detail)).toBe(true);
  });

  it('takes a recent unanswered error as the failure and keeps the sample request', () => {
    const failure = failureOf({ sdk_language: 'python', status: 401, error_code: 'invalid_key', error_pattern: 'bad key', occurrences: 3, developers: 1, last_seen_at: '2026-12-01T00:00:00.000Z' });
    expect(failure).toEqual({ sdk_language: 'python', status: 401, error_code: 'invalid_key', message: 'bad key' });
    const form = withFailure({ ...defaultDryRunForm(), path: '/v1/refunds' }, failure!);
    expect(form).toMatchObject({ language: 'python', status: '401', errorCode: 'invalid_key', message: 'bad key', path: '/v1/refunds' });
  });

  it('refuses an unanswered error of a language the registry does not serve', () => {
    expect(failureOf({ sdk_language: 'cobol', status: null, error_code: null, error_pattern: 'x', occurrences: 1, developers: 1, last_seen_at: '2026-12-01T00:00:00.000Z' })).toBeNull();
  });

  it('starts from the failure a draft’s match describes', () => {
    const draft = JSON.stringify({ sdk_language: 'node', match: { sdk_language: 'node', status: 502, error_code: 'bad_gateway', message_pattern: 'socket hang up \\(ECONNRESET\\)' }, actions: [] });
    expect(failureOfDraft(draft)).toEqual({ sdk_language: 'node', status: 502, error_code: 'bad_gateway', message: 'socket hang up (ECONNRESET)' });
    expect(failureOfDraft('{ not json')).toBeNull();
    expect(failureOfDraft('{"match": {"sdk_language": "cobol"}}')).toBeNull();
  });

  it('reads a pattern as a message only when it is literal', () => {
    expect(literalOf('amount \\$5\\.00')).toBe('amount $5.00');
    expect(literalOf('amount .* too big')).toBeNull();
    expect(literalOf('\\d+')).toBeNull();
  });
});
