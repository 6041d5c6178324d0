import type { CallState, DryRunResult, FailureInput } from '../../../src-shared/patch-engine/dry-run-schema.js';
import { validateDraft, type DraftBody, type DraftValidation } from '../../../src-shared/patch-engine/draft.js';
import { dryRun } from '../../../src-shared/patch-engine/dry-run.js';
import type { SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';

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
  versions: readonly SdkPatchVersion[];
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
