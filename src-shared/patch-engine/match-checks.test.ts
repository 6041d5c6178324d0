import { describe, expect, it } from 'vitest';
import { compileMessagePattern, matchProblems, parseVersionRange, versionInRange } from './match-checks.js';

describe('match checks', () => {
  it('compiles RE2 patterns, inline flags included', () => {
    const pattern = compileMessagePattern('(?i)currency [A-Z]{3}');
    expect(pattern.ok && pattern.value.test('CURRENCY abc')).toBe(true);
  });

  it('refuses what RE2 cannot compile, what compiles too large and what could backtrack elsewhere', () => {
    expect(compileMessagePattern('(unclosed')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a valid RE2 pattern/) });
    expect(compileMessagePattern('(?<=a)b')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not a valid RE2 pattern/) });
    expect(compileMessagePattern('(abc){1000}(def){1000}')).toMatchObject({ ok: false, reason: expect.stringMatching(/too large once compiled/) });
    expect(compileMessagePattern('(a+)+$')).toMatchObject({ ok: false, reason: expect.stringMatching(/backtrack catastrophically/) });
  });

  it('parses semver ranges and tests versions, a version that is not semver being in no range', () => {
    const range = parseVersionRange('>=2.0.0 <3');
    if (!range.ok) throw new Error(range.reason);
    expect(versionInRange(range.value, '2.9.1')).toBe(true);
    expect(versionInRange(range.value, '3.0.0')).toBe(false);
    expect(versionInRange(range.value, 'latest')).toBe(false);
    expect(parseVersionRange('two or three')).toEqual({ ok: false, reason: 'not a semver range (e.g. ">=2.0.0 <3")' });
  });

  it('lists every refused part of a match', () => {
    expect(matchProblems({ message_pattern: '(a*)*', sdk_version_range: 'two or three' }).map((problem) => problem.key)).toEqual(['message_pattern', 'sdk_version_range']);
    expect(matchProblems({ message_pattern: 'timeout', sdk_version_range: '^1' })).toEqual([]);
  });
});
