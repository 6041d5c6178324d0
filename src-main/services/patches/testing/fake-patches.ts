import { SDK_LANGUAGES } from '../../../../src-shared/patch-format.js';
import { SEVERITIES } from '../../../../src-shared/schemas/common.js';
import type { PatchFieldStats } from '../../../../src-shared/schemas/sdk-field.js';
import type { SdkPatch, SdkPatchVersion } from '../../../../src-shared/schemas/sdk.js';
import type { Repositories } from '../../../cache/repositories/index.js';
import { uuidFor } from '../../../cache/testing/fake-logs.js';

/**
 * A registry patch `n` as the feed caches it, with its versions: every third has an approved version
 * 1 and a pending version 2, every fifth is deactivated, the rest wait for their first approval.
 */
export function fakePatch(n: number): { patch: SdkPatch; versions: SdkPatchVersion[] } {
  const id = uuidFor(n, '0000aaaa');
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  const approved = n % 3 === 0;
  const language = SDK_LANGUAGES[n % SDK_LANGUAGES.length]!;
  const version = (number: number, status: SdkPatchVersion['status']): SdkPatchVersion => ({
    id: uuidFor(n * 10 + number, '0000bbbb'),
    patch_id: id,
    version: number,
    sdk_language: language,
    error_signature: `E${n} (rate limited)`,
    description: `Back off on error ${n}`,
    severity: SEVERITIES[n % 4]!,
    match: { sdk_language: language, status: 429, error_code: `code_${n}` },
    actions: [{ type: 'respect_retry_after' }],
    patch_code: null,
    rollback_code: null,
    content_hash: `hash-${n}-${number}`,
    signature: 'sig',
    key_id: 'key',
    status,
    created_by: `token-${n % 7}`,
    created_by_name: `author ${n % 7}`,
    created_at: at,
    reviewed_by: status === 'active' ? 'token-r' : null,
    reviewed_by_name: status === 'active' ? 'reviewer r' : null,
    reviewed_at: status === 'active' ? at : null,
    rejection_reason: null,
    change_note: number === 1 ? null : `Version ${number} of patch ${n}`,
    review_comment: null,
  });
  const versions = approved ? [version(1, 'active'), version(2, 'pending_review')] : [version(1, 'pending_review')];
  const patch: SdkPatch = {
    id,
    sdk_language: language,
    error_signature: `E${n} (rate limited)`,
    patch_code: null,
    rollback_code: null,
    description: `Back off on error ${n}`,
    severity: SEVERITIES[n % 4]!,
    active: approved && n % 5 !== 0,
    version: versions.length,
    active_version: approved ? 1 : null,
    created_by: `token-${n % 7}`,
    created_by_name: `author ${n % 7}`,
    created_at: at,
    updated_at: at,
    deactivated_at: n % 5 === 0 ? at : null,
    deactivated_by: n % 5 === 0 ? 'ops' : null,
  };
  return { patch, versions };
}

/** Field figures for patch `n` (rates from its number, null below the runbook's minimum). */
export function fakeStats(n: number): PatchFieldStats {
  const applications = n % 40;
  return {
    patch_id: uuidFor(n, '0000aaaa'),
    applications_7d: applications * 3,
    successes_7d: applications * 2,
    success_rate_7d: applications === 0 ? null : 2 / 3,
    applications_24h: applications,
    rollbacks_24h: n % 9,
    rollback_rate_24h: applications > 10 ? (n % 9) / applications : null,
    applications_1h: n % 4,
    failures_1h: n % 3,
    failure_rate_1h: n % 4 === 0 ? null : (n % 3) / (n % 4),
    lookups_1h: n % 11,
    last_seen_at: applications === 0 ? null : new Date(Date.UTC(2026, 0, 2) + n * 1000).toISOString(),
  };
}

/** Caches `count` fake patches, their versions and figures. */
export function cacheFakePatches(repos: Repositories, count: number): void {
  repos.cache.transaction(() => {
    for (let n = 1; n <= count; n++) {
      const { patch, versions } = fakePatch(n);
      repos.entities.sdk_patch.upsert(patch);
      for (const version of versions) repos.entities.sdk_patch_version.upsert(version);
    }
    const stats = Array.from({ length: count }, (_, i) => fakeStats(i + 1));
    repos.fieldStats.putFieldStats({ computed_at: '2026-01-03T00:00:00.000Z', patches: stats, unpatched: [] }, '2026-01-03T00:00:05.000Z');
  });
}
