import { describe, expect, it } from 'vitest';
import { validateDraft } from './engine.js';
import { lineStarts, problemRange } from './problem-range.js';

const rangeText = (text: string, line: number, column: number) => {
  const { from, to } = problemRange(text, lineStarts(text), { line, column });
  return text.slice(from, to);
};

describe('where a draft problem is underlined', () => {
  const text = '{\n  "factor": 0.5,\n  "key": "a \\" b",\n  "match": {}\n}';

  it('covers the number at the problem’s line and column', () => {
    expect(rangeText(text, 2, 13)).toBe('0.5');
  });

  it('covers a whole string, escaped quotes included', () => {
    expect(rangeText(text, 3, 10)).toBe('"a \\" b"');
  });

  it('covers one bracket of an object reported as a whole', () => {
    expect(rangeText(text, 4, 12)).toBe('{');
  });

  it('clamps a position past the end of its line or the text', () => {
    expect(rangeText(text, 2, 99)).toBe('\n');
    expect(problemRange(text, lineStarts(text), { line: 40, column: 1 })).toEqual({ from: text.length - 1, to: text.length });
    expect(problemRange('', lineStarts(''), { line: 1, column: 1 })).toEqual({ from: 0, to: 0 });
  });

  it('underlines the value the shared schema names in a real draft', () => {
    const draft = JSON.stringify(
      { sdk_language: 'node', error_signature: 'timeout', description: 'Longer timeout', severity: 'medium', match: { sdk_language: 'node', status: 504 }, actions: [{ type: 'increase_timeout', factor: 20, max_ms: 30000 }] },
      null,
      2,
    );
    const verdict = validateDraft(draft);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    const [problem] = verdict.problems;
    expect(problem!.message).toContain('factor');
    expect(rangeText(draft, problem!.line, problem!.column)).toBe('20');
  });
});
