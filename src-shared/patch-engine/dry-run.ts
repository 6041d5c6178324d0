import { canonicalJson, PatchActionsSchema } from '../patch-format.js';
import type { CallState, DryRunMatch, DryRunResult, FailureInput } from './dry-run-schema.js';
import type { DraftBody } from './draft.js';
import { applyActions } from './interpreter.js';
import { compilePatch, failedCallOf, InvalidMatchError, rankPatches, type CompiledPatch, type PatchCandidate } from './matcher.js';

/**
 * The dry run, on the console's machine: which patches match a failure and in what order (the same
 * ranking the server's lookup serves the first of), then what the served patch's actions do to a
 * sample call and what undoing them gives back. Nothing is sent anywhere.
 */

export interface DryRunInput {
  /** The active versions (cached `sdk_patch_versions` rows, served patches), compiled or not. */
  candidates: readonly (PatchCandidate | CompiledPatch)[];
  /**
   * The draft being written, ranked as if approved now. When it is a new version of `patchId`, that
   * patch's active version leaves the ranking (approving the draft would replace it).
   */
  draft?: { body: DraftBody; patchId?: string | null };
  failure: FailureInput;
  call: CallState;
  now: Date;
  /** Whether the SDK accepts code patches (the interpreter runs none; default false). */
  allowCodePatches?: boolean;
}

/** A draft as a matcher candidate (no id, never reviewed). */
export function draftCandidate(body: DraftBody): PatchCandidate {
  return {
    patch_id: null,
    version: null,
    error_signature: body.error_signature,
    description: body.description,
    match: { ...body.match, sdk_language: body.sdk_language },
    actions: body.actions,
    patch_code: null,
    reviewed_at: null,
  };
}

const isCompiled = (candidate: PatchCandidate | CompiledPatch): candidate is CompiledPatch => 'score' in candidate;

/**
 * Ranks every candidate that matches (a stored candidate whose match is invalid is left out, as the
 * server's cache leaves it out), applies the first one's actions to `call`, then undoes them.
 * Throws `InvalidMatchError` when the draft's match is invalid (validate it with `validateDraft`).
 */
export function dryRun(input: DryRunInput): DryRunResult {
  const replaced = input.draft?.patchId ?? null;
  const compiled: CompiledPatch[] = [];
  for (const candidate of input.candidates) {
    const patch = isCompiled(candidate) ? candidate : compileStored(candidate);
    if (patch && (replaced === null || patch.candidate.patch_id !== replaced)) compiled.push(patch);
  }
  if (input.draft) compiled.push(compilePatch(draftCandidate(input.draft.body)));

  const ranked = rankPatches(compiled, failedCallOf(input.failure), input.allowCodePatches ?? false);
  const matches: DryRunMatch[] = ranked.map(({ patch, score }, index) => ({
    patch_id: patch.candidate.patch_id,
    version: patch.candidate.version,
    error_signature: patch.candidate.error_signature,
    description: patch.candidate.description,
    score,
    rank: index + 1,
  }));
  const served = ranked[0]?.patch;
  if (!served) return { matches, outcome: null };

  const actions = PatchActionsSchema.safeParse(served.candidate.actions);
  const before = input.call;
  if (!actions.success) {
    const issue = actions.error.issues[0]!;
    const step = { type: 'invalid', summary: 'not applied', restores: '', error: `actions.${issue.path.join('.')}: ${issue.message}` };
    return { matches, outcome: outcomeOf(served, before, before, before, [step]) };
  }
  const applied = applyActions(before, actions.data, { now: input.now });
  return { matches, outcome: outcomeOf(served, before, applied.state, applied.undo(applied.state), applied.steps) };
}

function outcomeOf(
  served: CompiledPatch,
  before: CallState,
  after: CallState,
  restored: CallState,
  steps: NonNullable<DryRunResult['outcome']>['steps'],
): NonNullable<DryRunResult['outcome']> {
  return {
    patch_id: served.candidate.patch_id,
    version: served.candidate.version,
    before,
    after,
    restored,
    restored_equals_before: canonicalJson(restored) === canonicalJson(before),
    steps,
  };
}

function compileStored(candidate: PatchCandidate): CompiledPatch | null {
  try {
    return compilePatch(candidate);
  } catch (error) {
    if (error instanceof InvalidMatchError) return null;
    throw error;
  }
}
