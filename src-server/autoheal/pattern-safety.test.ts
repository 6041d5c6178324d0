import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH, checkPattern } from './pattern-safety.js';

describe('rule pattern safety', () => {
  it('accepts the seeded patterns and ordinary alternations', () => {
    for (const pattern of [
      'Fatal error:.*requires PHP.*',
      'Unknown column.*in field list',
      'Allowed memory size.*exhausted',
      '401.*Unauthorized.*API key',
      'SQLSTATE\\[(42S22|42S02)\\]',
      'timeout after \\d+ ?ms',
    ]) {
      expect(checkPattern(pattern), pattern).toBeUndefined();
    }
  });

  it('refuses nested quantifiers that backtrack catastrophically', () => {
    for (const pattern of ['(a+)+$', '(x+x+)+y', '(a*)*', '(.*a){2,}x', '^(\\w+\\s?)*$']) {
      expect(checkPattern(pattern), pattern).toMatch(/backtrack catastrophically/);
    }
  });

  it('refuses backreferences and lookaround, which RE2 does not run', () => {
    expect(checkPattern('(a)\\1')).toMatch(/not a valid RE2 expression/);
    expect(checkPattern('error(?=: fatal)')).toMatch(/not a valid RE2 expression/);
    expect(checkPattern('(?<!warning )error')).toMatch(/not a valid RE2 expression/);
  });

  it('refuses patterns that do not compile', () => {
    expect(checkPattern('[unclosed')).toMatch(/missing closing \]/);
    expect(checkPattern('a{1001}')).toMatch(/not a valid RE2 expression/);
  });

  it('refuses empty and over-long patterns', () => {
    expect(checkPattern('')).toMatch(/empty/);
    expect(checkPattern('a'.repeat(MAX_PATTERN_LENGTH))).toBeUndefined();
    expect(checkPattern('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/at most 500/);
  });
});
