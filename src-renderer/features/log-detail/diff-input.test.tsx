// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-shared/schemas/autoheal.js';
import { buildDiffInput, mergePatch } from './diff-input.js';

const snapshot = (state: Record<string, unknown>, id = '00000000-0000-4000-8000-000000000001'): Snapshot => ({
  id,
  plugin_id: 'p1',
  healing_log_id: null,
  snapshot_data: { cms_version: '6.4', plugin_version: '1.0.0', php_version: '8.2', state },
  created_at: '2026-01-01T00:00:00Z',
  restored_at: null,
  version: 1,
});
const patch = (state_changes?: Record<string, unknown>) => ({ type: 'config_update' as const, action: 'set', ...(state_changes ? { state_changes } : {}) });

describe('the diff input builder', () => {
  it('merges the proposed state changes into the snapshot state when the patch is not applied yet', () => {
    const input = buildDiffInput(
      { patched_state: null, snapshot_id: null, proposed_patch: patch({ currency: 'XOF', debug: null, api: { timeout: 30 } }) },
      [snapshot({ currency: 'CFA', debug: true, api: { timeout: 10, retries: 2 } })],
    );
    expect(input.kind).toBe('diff');
    if (input.kind !== 'diff') return;
    expect(input.source).toBe('proposed_changes');
    expect(JSON.parse(input.before)).toEqual({ currency: 'CFA', debug: true, api: { timeout: 10, retries: 2 } });
    expect(JSON.parse(input.after)).toEqual({ currency: 'XOF', api: { timeout: 30, retries: 2 } });
    expect(input.changedKeys).toEqual(['api', 'currency', 'debug']);
  });

  it('prefers the patched state the server recorded, and uses the log’s own snapshot', () => {
    const own = '00000000-0000-4000-8000-000000000002';
    const input = buildDiffInput(
      { patched_state: { currency: 'EUR' }, snapshot_id: own, proposed_patch: patch({ currency: 'XOF' }) },
      [snapshot({ currency: 'USD' }), snapshot({ currency: 'GBP' }, own)],
    );
    expect(input).toMatchObject({ kind: 'diff', source: 'patched_state', changedKeys: ['currency'] });
    if (input.kind === 'diff') expect([JSON.parse(input.before), JSON.parse(input.after)]).toEqual([{ currency: 'GBP' }, { currency: 'EUR' }]);
  });

  it('prints keys in a stable order so equal states give equal lines', () => {
    const a = buildDiffInput({ patched_state: { b: 1, a: 2 }, snapshot_id: null, proposed_patch: patch() }, [snapshot({ a: 2, b: 1 })]);
    expect(a.kind === 'diff' && a.before === a.after).toBe(true);
  });

  it('says why there is nothing to compare without a snapshot or state changes', () => {
    expect(buildDiffInput({ patched_state: null, snapshot_id: null, proposed_patch: patch({ a: 1 }) }, [])).toMatchObject({ kind: 'none', reason: 'no_snapshot' });
    expect(buildDiffInput({ patched_state: null, snapshot_id: null, proposed_patch: patch() }, [snapshot({ a: 1 })])).toMatchObject({
      kind: 'none',
      reason: 'no_state_changes',
    });
  });

  it('treats null in a merge patch as removal, recursively', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: 3 }, { a: { c: null }, d: null, e: [1] })).toEqual({ a: { b: 1 }, e: [1] });
  });
});
