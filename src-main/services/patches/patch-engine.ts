import type { CallState, DryRunResult, FailureInput } from '../../../src-shared/patch-engine/dry-run-schema.js';
import { validateDraft, type DraftBody, type DraftValidation } from '../../../src-shared/patch-engine/draft.js';
import { dryRun } from '../../../src-shared/patch-engine/dry-run.js';
import { compilePatch, InvalidMatchError, type CompiledPatch } from '../../../src-shared/patch-engine/matcher.js';
import type { SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
import type { Repositories } from '../../cache/repositories/index.js';

export { draftTextOf, versionDocument } from '../../../src-shared/patch-engine/draft.js';

// The one place the main process calls the shared patch engine (draft judging and dry runs).

/** A draft judged: the body it sends, or what is wrong with it, at its line. */
export type DraftVerdict = DraftValidation;
export type { DraftBody };

/** Judges a draft's text with the zod patch format the server judges it with. */
export function judgeDraft(text: string): DraftVerdict {
  return validateDraft(text);
}

/**
 * The dry run of a failure against the given versions (the cached served ones) and a draft, which,
 * when it is a new version of `patchId`, stands in for that patch's served version. Nothing is sent.
 */
export function runDryRun(input: {
  versions: readonly (SdkPatchVersion | CompiledPatch)[];
  draft?: { body: DraftBody; patchId: string | null };
  failure: FailureInput;
  call: CallState;
  now: Date;
}): DryRunResult {
  return dryRun({
    candidates: input.versions,
    ...(input.draft ? { draft: input.draft } : {}),
    failure: input.failure,
    call: input.call,
    now: input.now,
  });
}

/** The versions the registry serves now, as cached: each in-service patch's active version. */
export function servedVersions(repos: Pick<Repositories, 'patches'>): SdkPatchVersion[] {
  return repos.patches
    .patches()
    .filter(({ patch }) => patch.active && patch.deactivated_at === null && patch.active_version !== null)
    .map(({ patch }) => repos.patches.version(patch.id, patch.active_version!)?.version)
    .filter((v): v is SdkPatchVersion => v !== undefined);
}

/**
 * Versions compiled once for many dry runs (a stored version whose match is invalid is left out, as
 * the server's lookup leaves it out).
 */
export function compileVersions(versions: readonly SdkPatchVersion[]): CompiledPatch[] {
  return versions.flatMap((version) => {
    try {
      return [compilePatch(version)];
    } catch (error) {
      if (error instanceof InvalidMatchError) return [];
      throw error;
    }
  });
}
