import { describe, expect, it } from 'vitest';
import { versionDocument } from './version-json.js';

describe('versionDocument', () => {
  it('prints match, actions and description with every key sorted, at any depth', () => {
    const text = versionDocument({ description: 'd', match: { status: 401, error_code: 'x' }, actions: [{ type: 'retry', max: 2, backoff: { z: 1, a: 2 } }] });
    expect(Object.keys(JSON.parse(text))).toEqual(['actions', 'description', 'match']);
    expect(text.indexOf('"error_code"')).toBeLessThan(text.indexOf('"status"'));
    expect(text.indexOf('"backoff"')).toBeLessThan(text.indexOf('"max"'));
    expect(text.indexOf('"a"')).toBeLessThan(text.indexOf('"z"'));
    expect(text).toContain('\n  "actions": [');
  });

  it('gives two versions that differ only in key order the same document', () => {
    const a = versionDocument({ description: 'd', match: { a: 1, b: 2 }, actions: [] });
    const b = versionDocument({ description: 'd', match: { b: 2, a: 1 }, actions: [] });
    expect(a).toBe(b);
  });

  it('gives a new patch (no active version) the empty document', () => {
    expect(versionDocument(null)).toBe('');
  });
});
