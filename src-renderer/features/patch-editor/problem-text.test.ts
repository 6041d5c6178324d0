import { createIntl } from '@formatjs/intl';
import { describe, expect, it } from 'vitest';
import { DRAFT_PROBLEM_CODES } from '../../../src-shared/patch-engine/draft-problem-codes.js';
import { validateDraft } from '../../../src-shared/patch-engine/draft.js';
import en from './messages/en.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import { problemLine, problemText } from './problem-text.js';

const intlOf = (locale: string, messages: Record<string, string>) =>
  createIntl({
    locale,
    messages,
    onError: (error) => {
      throw error;
    },
  });
const english = intlOf('en', en);
const french = intlOf('fr', fr);

/** Every argument a problem's params may carry, so each sentence can be formatted whatever it names. */
const everyParam = { key: 'factor', value: 'reboot', allowed: 'low, medium', expected: 'int', received: 'number', minimum: 1, maximum: 300000, inclusive: 'true', format: 'currency', other: 'base_ms', language: 'node', reason: 'unexpected', found: 'medium' };

function problemOf(draft: unknown) {
  const result = validateDraft(JSON.stringify(draft, null, 2));
  if (result.ok) throw new Error('the draft was accepted');
  return result.problems[0]!;
}
const draft = { sdk_language: 'node', error_signature: 'timeout', description: 'Longer timeout', severity: 'low', actions: [{ type: 'increase_timeout', factor: 2, max_ms: 1000 }] };

describe('a draft problem in the reader’s language', () => {
  it('has a sentence in both catalogs for every code but the fallback, each formatting with its arguments', () => {
    const worded = DRAFT_PROBLEM_CODES.filter((code) => code !== 'other');
    expect(worded.length).toBe(DRAFT_PROBLEM_CODES.length - 1);
    for (const code of worded) {
      const id = `patchEditor.problem.code.${code}`;
      expect(en, `en lacks ${id}`).toHaveProperty([id]);
      expect(fr, `fr lacks ${id}`).toHaveProperty([id]);
      const [english_, french_] = [english, french].map((intl) => problemText(intl, { path: '', code, params: everyParam, message: 'detail' }).sentence);
      expect(english_, code).not.toMatch(/[{}]/);
      expect(french_, code).not.toBe(english_);
    }
    expect(en).not.toHaveProperty(['patchEditor.problem.code.other']);
  });

  it('words an out-of-range bound with its path and the reader’s number format, the schema’s sentence as detail', () => {
    const problem = problemOf({ ...draft, actions: [{ type: 'increase_timeout', factor: 2, max_ms: 900000 }] });
    expect(problemText(french, problem)).toEqual({ sentence: 'actions.0.max_ms : Doit être au plus 300\u202f000.', detail: problem.message });
    expect(problemText(english, problem).sentence).toBe('actions.0.max_ms: Must be at most 300,000.');
    expect(problemLine(french, problem)).toBe(`actions.0.max_ms : Doit être au plus 300\u202f000. (schéma : ${problem.message})`);
  });

  it('words an exclusive bound, a missing key and a syntax error', () => {
    expect(problemText(french, problemOf({ ...draft, actions: [{ type: 'increase_timeout', factor: 1, max_ms: 1000 }] })).sentence).toBe('actions.0.factor : Doit être supérieur à 1.');
    const { description: _description, ...withoutDescription } = draft;
    expect(problemText(french, problemOf(withoutDescription)).sentence).toBe('description : « description » est obligatoire.');
    const syntax = validateDraft('{"severity": }');
    expect(syntax.ok || problemText(french, syntax.problems[0]!).sentence).toBe('Le JSON n’est pas valide ici : « } » inattendu.');
  });

  it('shows a problem of code "other" as its message alone', () => {
    const problem = { path: 'step', code: 'other' as const, params: { key: 'step' }, message: 'step: Invalid number: must be a multiple of 5' };
    expect(problemText(french, problem)).toEqual({ sentence: problem.message, detail: null });
    expect(problemLine(french, problem)).toBe(problem.message);
  });
});
