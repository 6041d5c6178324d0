import { RE2JS } from 're2js';
import safeRegex from 'safe-regex2';

/** The longest pattern a rule may carry. */
export const MAX_PATTERN_LENGTH = 500;

/** Why a pattern was refused, in words a rule author can act on; undefined when it is safe. */
export type PatternProblem = string | undefined;

/**
 * Checks a rule pattern before it is stored. Patterns run on text attackers influence, so a
 * pattern must compile under RE2 (the linear-time engine the matcher uses: no backreferences,
 * no lookaround) and must also pass a star-height check, so that no pattern in the table could
 * backtrack catastrophically even if some other engine ever ran it.
 */
export function checkPattern(pattern: string): PatternProblem {
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `the pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`;
  }
  try {
    RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `the pattern is not a valid RE2 expression (backreferences and lookaround are not supported): ${reason}`;
  }
  if (!safeRegex(pattern)) {
    return (
      'the pattern could backtrack catastrophically: avoid nested quantifiers such as (a+)+ or (a|aa)*, ' +
      'keep it under 25 repetitions, and write flags like (?i) or (?P<name>...) groups without them ' +
      '(matching is already case-insensitive)'
    );
  }
  return undefined;
}
