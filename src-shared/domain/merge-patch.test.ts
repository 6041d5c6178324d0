import { describe, expect, it } from 'vitest';
import { applyMergePatch, changedTopLevelKeys, mergeStateChanges } from './merge-patch.js';

describe('JSON merge patch (RFC 7396)', () => {
  it('follows the examples of RFC 7396 appendix A', () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
      [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
      [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
      [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [['a', 'b'], ['c', 'd'], ['c', 'd']],
      [{ a: 'b' }, ['c'], ['c']],
      [{ a: 'foo' }, null, null],
      [{ a: 'foo' }, 'bar', 'bar'],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, expected] of cases) expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('leaves the target untouched', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });

  it('keeps a __proto__ key as plain data instead of changing the prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const result = applyMergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('merges state changes into a plugin state without touching it', () => {
    const state = { currency: 'EUR', limits: { max: 10, min: 1 } };
    expect(mergeStateChanges(state, { currency: 'XOF', limits: { min: null } })).toEqual({ currency: 'XOF', limits: { max: 10 } });
    expect(state).toEqual({ currency: 'EUR', limits: { max: 10, min: 1 } });
  });
});

describe('changed top-level keys', () => {
  it('names keys whose value differs, added or removed, sorted', () => {
    expect(changedTopLevelKeys({ b: 1, a: { x: 1, y: 2 }, c: 3 }, { a: { y: 2, x: 1 }, b: 2, d: null })).toEqual(['b', 'c', 'd']);
  });

  it('is empty when both states hold the same values in another key order', () => {
    expect(changedTopLevelKeys({ a: [1, { p: 1, q: 2 }], b: 'x' }, { b: 'x', a: [1, { q: 2, p: 1 }] })).toEqual([]);
  });
});
