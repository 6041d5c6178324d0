import { describe, expect, it } from 'vitest';
import { MATCH_WINDOW, matchWindow, matchingRules, ruleMatches } from './rule-matcher.js';

const rule = (error_pattern: string, version = 1, id = `rule-${error_pattern}`) => ({ id, version, error_pattern });

describe('rule matcher', () => {
  it('matches anywhere in the text, ignoring case', () => {
    expect(ruleMatches(rule('allowed memory size.*exhausted'), 'PHP Fatal: ALLOWED MEMORY SIZE of 1 bytes EXHAUSTED')).toBe(true);
    expect(ruleMatches(rule('allowed memory size.*exhausted'), 'memory fine')).toBe(false);
  });

  it('matches a pattern written without quotes against a message that quotes names', () => {
    const missingColumn = rule('Unknown column.*in field list');
    expect(ruleMatches(missingColumn, "SQLSTATE[42S22]: Unknown column 'merchant_fee' in 'field list'")).toBe(true);
    expect(ruleMatches(missingColumn, 'Unknown column "merchant_fee" in “field list”')).toBe(true);
    expect(ruleMatches(missingColumn, "Unknown column 'merchant_fee' in 'where clause'")).toBe(false);
  });

  it('still matches patterns that spell the quotes out', () => {
    expect(ruleMatches(rule("in 'field list'"), "Unknown column 'x' in 'field list'")).toBe(true);
  });

  it('looks only at the first 8 KiB of the text', () => {
    const padding = 'x'.repeat(MATCH_WINDOW);
    expect(ruleMatches(rule('needle'), `needle${padding}`)).toBe(true);
    expect(ruleMatches(rule('needle'), `${padding}needle`)).toBe(false);
  });

  it('never cuts a surrogate pair in half at the window edge', () => {
    const text = `${'x'.repeat(MATCH_WINDOW - 1)}😀tail`;
    const window = matchWindow(text);
    expect(window.length).toBe(MATCH_WINDOW - 1);
    expect(window.endsWith('x')).toBe(true);
  });

  it('returns on adversarial input even for a nested-quantifier pattern written around the API', () => {
    // A backtracking engine would take exponential time here; RE2 answers in linear time.
    const evil = rule('(a+)+$');
    expect(ruleMatches(evil, `${'a'.repeat(5000)}!`)).toBe(false);
    expect(ruleMatches(evil, 'a'.repeat(5000))).toBe(true);
    expect(ruleMatches(rule('(a|aa)*c'), 'a'.repeat(5000))).toBe(false);
    expect(ruleMatches(rule('^(\\w+\\s?)*$'), `${'word '.repeat(1000)}!`)).toBe(false);
  });

  it('treats a stored pattern that does not compile as matching nothing', () => {
    expect(ruleMatches(rule('(a)\\1'), 'aa')).toBe(false);
  });

  it('recompiles when the rule version changes', () => {
    expect(ruleMatches({ id: 'r1', version: 1, error_pattern: 'alpha' }, 'alpha')).toBe(true);
    expect(ruleMatches({ id: 'r1', version: 2, error_pattern: 'beta' }, 'alpha')).toBe(false);
    expect(ruleMatches({ id: 'r1', version: 2, error_pattern: 'beta' }, 'beta')).toBe(true);
  });

  it('keeps the order of the rules it is given', () => {
    const rules = [rule('b', 1, 'first'), rule('x', 1, 'second'), rule('a', 1, 'third')];
    expect(matchingRules(rules, 'ab').map((r) => r.id)).toEqual(['first', 'third']);
  });
});
