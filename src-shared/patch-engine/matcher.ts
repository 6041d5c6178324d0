import type { RE2JS } from 're2js';
import type semver from 'semver';
import { MATCHED_MESSAGE_PREFIX, PatchMatchSchema } from '../patch-format.js';
import type { FailureInput } from './dry-run-schema.js';
import { compileMessagePattern, parseVersionRange, versionInRange } from './match-checks.js';

/**
 * The patch matcher: which patches apply to a failed SDK call, and in what order. The server's
 * self-heal lookup serves the first (`bestPatch`); the console's dry run shows them all
 * (`rankPatches`). A candidate is a stored version (a cached `sdk_patch_versions` row, a served
 * patch) or a draft being written (no id, no review yet).
 *
 * Scoring: every criterion of the match must hold; each adds its weight, so the most specific patch
 * wins. Ties go to the most recently approved version (a draft counts as approved now), then to the
 * lowest patch id, so the answer is deterministic.
 */

/** A failed SDK call, as the matcher reads it. */
export interface FailedCall {
  sdk: string;
  sdkVersion?: string;
  /** The error message, already cut to its matched prefix. */
  error: string;
  status?: number;
  errorCode?: string;
}

/** The fields of a patch version the matcher reads. */
export interface PatchCandidate {
  /** Null for a draft. */
  patch_id: string | null;
  version: number | null;
  error_signature: string;
  description: string;
  match: unknown;
  actions: unknown;
  patch_code: string | null;
  /** When the version was approved (ISO); null for a draft. */
  reviewed_at: string | null;
}

/**
 * How much each criterion adds to a match's score. An error code is the most precise signal, then a
 * message pattern, then the HTTP status.
 */
export const MATCH_WEIGHTS = { errorCode: 30, pattern: 20, status: 10, signature: 5, versionRange: 2 } as const;

/** A candidate with its match compiled once (RE2 program, semver range). */
export interface CompiledPatch<T extends PatchCandidate = PatchCandidate> {
  candidate: T;
  /** Code patches are served only to SDKs that opt in. */
  isCodePatch: boolean;
  /** Breaks score ties: the most recently approved version wins (a draft: +Infinity). */
  approvedAt: number;
  /** The score when the call matches, or -1. `lowerError` is `call.error` in lower case. */
  score(call: FailedCall, lowerError: string): number;
}

/** A matching candidate and its score. */
export interface RankedPatch<T extends PatchCandidate = PatchCandidate> {
  patch: CompiledPatch<T>;
  score: number;
}

/** Thrown by `compilePatch` when a candidate's match is not valid; names the field. */
export class InvalidMatchError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidMatchError';
  }
}

/**
 * Compiles a candidate's match. Throws `InvalidMatchError` when it is not valid (a stored version
 * only gets here when its table was edited by hand; validate drafts with `validateDraft` first).
 */
export function compilePatch<T extends PatchCandidate>(candidate: T): CompiledPatch<T> {
  const parsed = PatchMatchSchema.safeParse(candidate.match);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidMatchError(['match', ...issue.path.map(String)].join('.'), issue.message);
  }
  const match = parsed.data;
  let pattern: RE2JS | undefined;
  if (match.message_pattern !== undefined) {
    const compiled = compileMessagePattern(match.message_pattern);
    if (!compiled.ok) throw new InvalidMatchError('match.message_pattern', compiled.reason);
    pattern = compiled.value;
  }
  let range: semver.Range | undefined;
  if (match.sdk_version_range !== undefined) {
    const parsedRange = parseVersionRange(match.sdk_version_range);
    if (!parsedRange.ok) throw new InvalidMatchError('match.sdk_version_range', parsedRange.reason);
    range = parsedRange.value;
  }
  const signature = candidate.error_signature.toLowerCase();
  // Without a structured criterion the seed's style applies: the signature must appear in the message.
  const structured = match.status !== undefined || match.error_code !== undefined || pattern !== undefined;
  const approvedAt = candidate.patch_id === null ? Number.POSITIVE_INFINITY : candidate.reviewed_at ? Date.parse(candidate.reviewed_at) : 0;
  return {
    candidate,
    isCodePatch: candidate.patch_code !== null,
    approvedAt: Number.isNaN(approvedAt) ? 0 : approvedAt,
    score(call, lowerError) {
      if (call.sdk !== match.sdk_language) return -1;
      let score = 0;
      if (range) {
        if (call.sdkVersion === undefined || !versionInRange(range, call.sdkVersion)) return -1;
        score += MATCH_WEIGHTS.versionRange;
      }
      if (match.status !== undefined) {
        if (call.status !== match.status) return -1;
        score += MATCH_WEIGHTS.status;
      }
      if (match.error_code !== undefined) {
        if (call.errorCode !== match.error_code) return -1;
        score += MATCH_WEIGHTS.errorCode;
      }
      if (pattern) {
        if (!pattern.test(call.error)) return -1;
        score += MATCH_WEIGHTS.pattern;
      }
      const signatureFound = signature.length > 0 && lowerError.includes(signature);
      if (signatureFound) score += MATCH_WEIGHTS.signature;
      else if (!structured) return -1;
      return score;
    },
  };
}

/** Cuts an error message to the part patterns are matched against. */
export function matchedPrefix(error: string): string {
  return error.length > MATCHED_MESSAGE_PREFIX ? error.slice(0, MATCHED_MESSAGE_PREFIX) : error;
}

/** The matcher's view of a failure described as the console and the SDK describe it. */
export function failedCallOf(failure: FailureInput): FailedCall {
  return {
    sdk: failure.sdk_language,
    sdkVersion: failure.sdk_version,
    error: matchedPrefix(failure.message),
    status: failure.status,
    errorCode: failure.error_code,
  };
}

/** Whether `a` ranks before `b` (both match): higher score, then more recently approved, then lower patch id. */
function ranksBefore(a: RankedPatch, b: RankedPatch): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.patch.approvedAt !== b.patch.approvedAt) return a.patch.approvedAt > b.patch.approvedAt;
  return (a.patch.candidate.patch_id ?? '') < (b.patch.candidate.patch_id ?? '');
}

/** Every candidate whose match holds for `call`, best first. Code patches are left out unless the SDK accepts them. */
export function rankPatches<T extends PatchCandidate>(
  candidates: readonly CompiledPatch<T>[],
  call: FailedCall,
  allowCodePatches: boolean,
): RankedPatch<T>[] {
  const lowerError = call.error.toLowerCase();
  const ranked: RankedPatch<T>[] = [];
  for (const patch of candidates) {
    if (patch.isCodePatch && !allowCodePatches) continue;
    const score = patch.score(call, lowerError);
    if (score >= 0) ranked.push({ patch, score });
  }
  return ranked.sort((a, b) => (ranksBefore(a, b) ? -1 : ranksBefore(b, a) ? 1 : 0));
}

/** The patch the lookup serves for `call`: the first of `rankPatches`, found in one pass. */
export function bestPatch<T extends PatchCandidate>(
  candidates: readonly CompiledPatch<T>[],
  call: FailedCall,
  allowCodePatches: boolean,
): CompiledPatch<T> | null {
  const lowerError = call.error.toLowerCase();
  let best: RankedPatch<T> | null = null;
  for (const patch of candidates) {
    if (patch.isCodePatch && !allowCodePatches) continue;
    const score = patch.score(call, lowerError);
    if (score < 0) continue;
    const ranked = { patch, score };
    if (best === null || ranksBefore(ranked, best)) best = ranked;
  }
  return best?.patch ?? null;
}
