import { afterEach, describe, expect, it } from 'vitest';
import type { SdkPatch, SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
import { uuidFor } from '../../cache/testing/fake-logs.js';
import { openTestCache } from '../../sync/testing/fixtures.js';
import { DecisionService } from '../decision-service.js';
import { DeliveryWatch } from '../delivery-watch.js';
import { ServiceError } from '../service-error.js';
import { DraftService } from './draft-service.js';
import { PatchDesk, SAMPLE_CALL } from './patch-desk.js';
import { fakePatch } from './testing/fake-patches.js';

const caches: Array<ReturnType<typeof openTestCache>> = [];
afterEach(() => {
  for (const opened of caches.splice(0)) opened.close();
});

/**
 * A cache holding patch 3 (version 1 served, on `code_3`; version 2 waiting for review, on any 429)
 * and another served patch of the same language, also on `code_3`.
 */
function registry() {
  const opened = openTestCache();
  caches.push(opened);
  const { repos } = opened;
  const { patch, versions } = fakePatch(3);
  const [served, pending] = versions as [SdkPatchVersion, SdkPatchVersion];
  const broader: SdkPatchVersion = { ...pending, match: { sdk_language: patch.sdk_language, status: 429 }, description: 'Back off on any 429' };
  const otherId = uuidFor(99, '0000aaaa');
  const other: { patch: SdkPatch; version: SdkPatchVersion } = {
    patch: { ...patch, id: otherId, version: 1, error_signature: 'Other 429', description: 'Another patch' },
    version: { ...served, id: uuidFor(991, '0000bbbb'), patch_id: otherId, error_signature: 'Other 429', description: 'Another patch', reviewed_at: '2025-12-01T00:00:00.000Z' },
  };
  repos.cache.transaction(() => {
    repos.entities.sdk_patch.upsert(patch);
    repos.entities.sdk_patch_version.upsert(served);
    repos.entities.sdk_patch_version.upsert(broader);
    repos.entities.sdk_patch.upsert(other.patch);
    repos.entities.sdk_patch_version.upsert(other.version);
  });
  const decisions = new DecisionService(repos, () => opened.profileId, () => undefined);
  const watch = new DeliveryWatch({ onDidSettleItem: () => () => undefined, onDidPush: () => () => undefined, kick: () => false }, 10);
  const now = () => new Date('2026-01-05T00:00:00.000Z');
  return { repos, patch, served, broader, otherId, drafts: new DraftService(repos, decisions, watch, now), desk: new PatchDesk(repos, decisions, watch, now) };
}

const failureOn = (language: string, errorCode: string) => ({ sdk_language: language as 'node', status: 429, error_code: errorCode, message: 'rate limited' });
const ranked = (result: { matches: ReadonlyArray<{ patch_id: string | null; version: number | null }> }) => result.matches.map((m) => [m.patch_id, m.version]);

describe('the dry run of a new version of a patch', () => {
  it('replaces that patch’s active version by the draft in the ranking, and ranks both without it', () => {
    const { drafts, patch, served, otherId } = registry();
    const { sdk_language, error_signature, severity, match, actions } = served;
    const draftText = JSON.stringify({ sdk_language, error_signature, description: 'Back off, politely', severity, match, actions });
    const failure = failureOn(patch.sdk_language, 'code_3');

    const alone = drafts.dryRun({ draftText, failure, call: SAMPLE_CALL });
    if (!alone.ok) throw new Error(`the draft was refused: ${JSON.stringify(alone.problems)}`);
    expect(ranked(alone.result).sort()).toEqual([[null, null], [otherId, 1], [patch.id, 1]].sort());

    const asNewVersion = drafts.dryRun({ draftText, patchId: patch.id, failure, call: SAMPLE_CALL });
    if (!asNewVersion.ok) throw new Error('the draft was refused');
    expect(ranked(asNewVersion.result).sort()).toEqual([[null, null], [otherId, 1]].sort());
    expect(asNewVersion.result.matches.find((m) => m.patch_id === null)).toMatchObject({ description: 'Back off, politely' });
  });

  it('refuses a patch id the cache does not hold, naming it', () => {
    const { drafts, patch } = registry();
    const unknown = uuidFor(12345, '0000aaaa');
    try {
      drafts.dryRun({ draftText: '{}', patchId: unknown, failure: failureOn(patch.sdk_language, 'code_3'), call: SAMPLE_CALL });
      expect.unreachable('an unknown patch is refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).message).toContain(unknown);
    }
  });
});

describe('the review queue’s dry runs', () => {
  it('rank the version under review among the served patches, in place of its patch’s active version', () => {
    const { repos, desk, patch, broader, otherId } = registry();
    repos.fieldStats.putFieldStats(
      {
        computed_at: '2026-01-04T00:00:00.000Z',
        patches: [],
        unpatched: [{ sdk_language: patch.sdk_language, status: 429, error_code: 'code_3', error_pattern: 'rate limited', occurrences: 12, developers: 2, last_seen_at: '2026-01-04T00:00:00.000Z' }],
      },
      '2026-01-04T00:00:05.000Z',
    );
    const item = desk.reviewQueue().items.find((i) => i.version.id === broader.id);
    expect(item?.dryRuns).toHaveLength(1);
    expect(ranked(item!.dryRuns[0]!.result).sort()).toEqual([[otherId, 1], [patch.id, 2]].sort());
    expect(item!.dryRuns[0]!.occurrences).toBe(12);
  });
});
