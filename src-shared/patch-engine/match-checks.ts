import { RE2JS } from 're2js';
import safeRegex from 'safe-regex2';
import semver from 'semver';
import type { PatchMatch } from '../patch-format.js';

/**
 * The checks of a patch's match that zod cannot make, shared by the server (which refuses the patch
 * with a 400), the console's draft validation and the matcher (which compiles what it checked):
 *
 * - a message pattern must be RE2 syntax (linear-time matching), small once compiled, and safe for
 *   backtracking engines too, since SDKs in other languages may run it with their own regex engine;
 * - an SDK version range must be a semver range.
 *
 * Each check answers `{ ok: true, value }` or `{ ok: false, reason }`; the caller names the field.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Compiled RE2 programs larger than this are refused (memory per cached matcher stays small). */
export const MAX_PATTERN_PROGRAM_SIZE = 5000;

/**
 * RE2 inline flags have no JavaScript equivalent; drop them so safe-regex2 (which parses
 * JavaScript syntax) judges the pattern's structure.
 */
function asJavaScriptSyntax(pattern: string): string {
  return pattern.replace(/\(\?[imsU-]+\)/g, '').replace(/\(\?[imsU-]+:/g, '(?:');
}

/** Why a message pattern is refused: not RE2 syntax, too large once compiled, or could backtrack. */
export type PatternFault = 'invalid_pattern' | 'pattern_too_large' | 'unsafe_pattern';

/** Compiles a message pattern with RE2, or says why it is refused (`fault` names the check that failed). */
export function compileMessagePattern(pattern: string): { ok: true; value: RE2JS } | { ok: false; reason: string; fault: PatternFault } {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    return { ok: false, reason: `not a valid RE2 pattern (${(error as Error).message})`, fault: 'invalid_pattern' };
  }
  if (compiled.programSize() > MAX_PATTERN_PROGRAM_SIZE) {
    return { ok: false, reason: 'pattern is too large once compiled; use fewer or smaller repetitions', fault: 'pattern_too_large' };
  }
  if (!safeRegex(asJavaScriptSyntax(pattern))) {
    return {
      ok: false,
      reason: 'pattern could backtrack catastrophically (nested or overlapping repetition) or is not portable regex syntax',
      fault: 'unsafe_pattern',
    };
  }
  return { ok: true, value: compiled };
}

/** Parses a semver range, or says why it is refused. */
export function parseVersionRange(range: string): Checked<semver.Range> {
  try {
    if (semver.validRange(range) !== null) return { ok: true, value: new semver.Range(range) };
  } catch {
    // reported below
  }
  return { ok: false, reason: 'not a semver range (e.g. ">=2.0.0 <3")' };
}

/** Whether `version` is in `range`; a version that is not semver is in no range. */
export function versionInRange(range: semver.Range, version: string): boolean {
  try {
    return range.test(version);
  } catch {
    return false;
  }
}

/** A refused part of a match: its key under `match`, why, and which check refused it. */
export interface MatchProblem {
  key: 'message_pattern' | 'sdk_version_range';
  reason: string;
  fault: PatternFault | 'invalid_version_range';
}

/** What is wrong with a (zod-valid) match's pattern and version range; empty when both pass. */
export function matchProblems(match: Pick<PatchMatch, 'message_pattern' | 'sdk_version_range'>): MatchProblem[] {
  const problems: MatchProblem[] = [];
  if (match.message_pattern !== undefined) {
    const pattern = compileMessagePattern(match.message_pattern);
    if (!pattern.ok) problems.push({ key: 'message_pattern', reason: pattern.reason, fault: pattern.fault });
  }
  if (match.sdk_version_range !== undefined) {
    const range = parseVersionRange(match.sdk_version_range);
    if (!range.ok) problems.push({ key: 'sdk_version_range', reason: range.reason, fault: 'invalid_version_range' });
  }
  return problems;
}
