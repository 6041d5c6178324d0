import type { RE2JS } from 're2js';
import type semver from 'semver';
import { MATCHED_MESSAGE_PREFIX, PatchMatchSchema } from '../../src-shared/patch-format.js';
import type { ServedPatch } from '../../src-shared/schemas/sdk.js';
import { compileMessagePattern, parseVersionRange } from './patch-validation.js';

/** A failed SDK call, as the self-heal lookup describes it. */
export interface FailedCall {
  sdk: string;
  sdkVersion?: string;
  /** The error message, already cut to its matched prefix. */
  error: string;
  status?: number;
  errorCode?: string;
}

/**
 * How much each criterion adds to a match's score: the most specific patch wins. An error code is
 * the most precise signal, then a message pattern, then the HTTP status.
 */
const WEIGHT = { errorCode: 30, pattern: 20, status: 10, signature: 5, versionRange: 2 } as const;

/** An active patch version ready to be matched and served. */
export interface CompiledPatch {
  served: ServedPatch;
  /** Code patches are served only to SDKs that opt in. */
  isCodePatch: boolean;
  /** Breaks score ties: the most recently approved version wins. */
  approvedAt: number;
  /** The score when the call matches, or -1. */
  score(call: FailedCall, lowerError: string): number;
}

/** The row an active version is loaded from. */
export type ActiveVersionRow = ServedPatch & { reviewed_at: string | null };

/**
 * Compiles a stored version's match once (RE2 program, semver range). Throws when the stored match
 * is not valid, which only happens when the table was edited by hand.
 */
export function compilePatch(row: ActiveVersionRow): CompiledPatch {
  const match = PatchMatchSchema.parse(row.match);
  const pattern: RE2JS | undefined =
    match.message_pattern === undefined ? undefined : compileMessagePattern(match.message_pattern, 'match.message_pattern');
  const range: semver.Range | undefined =
    match.sdk_version_range === undefined ? undefined : parseVersionRange(match.sdk_version_range, 'match.sdk_version_range');
  const signature = row.error_signature.toLowerCase();
  // Without a structured criterion the seed's style applies: the signature must appear in the message.
  const structured = match.status !== undefined || match.error_code !== undefined || pattern !== undefined;
  const { reviewed_at: reviewedAt, ...served } = row;
  return {
    served,
    isCodePatch: row.patch_code !== null,
    approvedAt: reviewedAt ? Date.parse(reviewedAt) : 0,
    score(call, lowerError) {
      if (call.sdk !== match.sdk_language) return -1;
      let score = 0;
      if (range) {
        if (call.sdkVersion === undefined || !safeTest(range, call.sdkVersion)) return -1;
        score += WEIGHT.versionRange;
      }
      if (match.status !== undefined) {
        if (call.status !== match.status) return -1;
        score += WEIGHT.status;
      }
      if (match.error_code !== undefined) {
        if (call.errorCode !== match.error_code) return -1;
        score += WEIGHT.errorCode;
      }
      if (pattern) {
        if (!pattern.test(call.error)) return -1;
        score += WEIGHT.pattern;
      }
      const signatureFound = signature.length > 0 && lowerError.includes(signature);
      if (signatureFound) score += WEIGHT.signature;
      else if (!structured) return -1;
      return score;
    },
  };
}

function safeTest(range: semver.Range, version: string): boolean {
  try {
    return range.test(version);
  } catch {
    return false;
  }
}

/** Cuts an error message to the part patterns are matched against. */
export function matchedPrefix(error: string): string {
  return error.length > MATCHED_MESSAGE_PREFIX ? error.slice(0, MATCHED_MESSAGE_PREFIX) : error;
}

/**
 * The best servable patch for a call: highest score, then most recently approved, then patch id
 * (so the answer is deterministic). Code patches are skipped unless the SDK accepts them.
 */
export function bestPatch(candidates: readonly CompiledPatch[], call: FailedCall, allowCodePatches: boolean): CompiledPatch | null {
  const lowerError = call.error.toLowerCase();
  let best: CompiledPatch | null = null;
  let bestScore = -1;
  for (const candidate of candidates) {
    if (candidate.isCodePatch && !allowCodePatches) continue;
    const score = candidate.score(call, lowerError);
    if (score < 0) continue;
    if (
      best === null ||
      score > bestScore ||
      (score === bestScore &&
        (candidate.approvedAt > best.approvedAt ||
          (candidate.approvedAt === best.approvedAt && candidate.served.patch_id < best.served.patch_id)))
    ) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
