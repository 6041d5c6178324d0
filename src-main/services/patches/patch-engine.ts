import type { DraftProblem } from '../../../src-shared/ipc/patches.js';
import type { CallState, DryRunResult, FailureInput } from '../../../src-shared/patch-engine/dry-run-schema.js';
import { CreatePatchBodySchema, type CreatePatchBody, type SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';

// The one place the main process calls the shared patch engine (draft judging and dry runs).

/** A draft judged: the body it sends, or what is wrong with it, at its line. */
export type DraftVerdict = { ok: true; body: CreatePatchBody } | { ok: false; problems: DraftProblem[] };

/** Judges a draft's text with the zod patch format the server judges it with. */
export function judgeDraft(text: string): DraftVerdict {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
    return { ok: false, problems: [{ path: '', message: `the draft is not valid JSON: ${message}`, ...positionOf(text, offset) }] };
  }
  const parsed = CreatePatchBodySchema.safeParse(value);
  if (parsed.success) return { ok: true, body: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message, line: 1, column: 1 })),
  };
}

/** The dry run of a failure against the given versions (and a draft's body), nothing sent. */
export function runDryRun(input: {
  versions: readonly SdkPatchVersion[];
  draft?: CreatePatchBody;
  failure: FailureInput;
  call: CallState;
  now: Date;
}): DryRunResult {
  void input;
  throw new Error('the dry run is not available in this build of the console');
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}
