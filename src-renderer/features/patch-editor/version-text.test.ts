import { describe, expect, it } from 'vitest';
import type { SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
import { draftTextOf, versionDocument } from '../../../src-shared/patch-engine/draft.js';
import { draftSignature } from './version-text.js';

const version = {
  id: '00000000-0000-4000-8000-000000000002',
  patch_id: '00000000-0000-4000-8000-000000000001',
  version: 1,
  sdk_language: 'node',
  error_signature: 'Timeout',
  description: 'Double the timeout',
  severity: 'medium',
  match: { sdk_language: 'node', message_pattern: 'ETIMEDOUT' },
  actions: [{ type: 'increase_timeout', factor: 2, max_ms: 60000 }],
  patch_code: null,
  rollback_code: null,
  content_hash: 'h',
  signature: null,
  key_id: null,
  status: 'active',
  created_by: 'dev',
  created_at: '2026-12-01T00:00:00.000Z',
  reviewed_by: null,
  reviewed_at: null,
  rejection_reason: null,
} as unknown as SdkPatchVersion;

describe('a version as a draft’s text', () => {
  it('lays the authored fields out as a draft of the next version starts (no registry fields, a final newline)', () => {
    const text = draftTextOf(versionDocument(version));
    expect(Object.keys(JSON.parse(text))).toEqual(['sdk_language', 'error_signature', 'description', 'severity', 'match', 'actions']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "actions": [\n    {\n      "type": "increase_timeout"');
  });

  it('keeps a code patch’s code, so the diff shows the draft drops it', () => {
    const text = draftTextOf(versionDocument({ ...version, patch_code: 'fix()', rollback_code: 'undo()' }));
    expect(JSON.parse(text)).toMatchObject({ patch_code: 'fix()', rollback_code: 'undo()' });
  });

  it('names a draft by its error signature only when the text says one', () => {
    expect(draftSignature('{"error_signature": "  Timeout "}')).toBe('Timeout');
    expect(draftSignature('{"error_signature": ""}')).toBeNull();
    expect(draftSignature('{"error_signature": ')).toBeNull();
  });
});
