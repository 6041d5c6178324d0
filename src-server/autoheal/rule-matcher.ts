import { RE2JS } from 're2js';

/** How much of a message rules look at: error text comes from plugins and can be made arbitrarily long. */
export const MATCH_WINDOW = 8 * 1024;

/** What the matcher needs of a rule. `version` changes whenever the pattern may have changed. */
export interface MatchableRule {
  id: string;
  version: number;
  error_pattern: string;
}

const CACHE_LIMIT = 1_000;
// A pattern that does not compile (a row written around the API) is cached as null: it never matches.
const compiled = new Map<string, RE2JS | null>();

function compile(rule: MatchableRule): RE2JS | null {
  const key = `${rule.id}:${rule.version}`;
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    try {
      pattern = RE2JS.compile(rule.error_pattern, RE2JS.CASE_INSENSITIVE);
    } catch {
      pattern = null;
    }
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    compiled.set(key, pattern);
  }
  return pattern;
}

// Database and PHP errors quote names inconsistently (MySQL says `in 'field list'`, others use
// backticks or double quotes), while rule authors write the words. Stripping the quotes lets a
// pattern like `Unknown column.*in field list` match the message MySQL really prints.
const QUOTES = new Set(["'", '"', '`', '\u2018', '\u2019', '\u201c', '\u201d']);

function withoutQuotes(text: string): string {
  let out = '';
  for (const char of text) if (!QUOTES.has(char)) out += char;
  return out;
}

/** Cuts text to the match window without splitting a surrogate pair. */
export function matchWindow(text: string): string {
  if (text.length <= MATCH_WINDOW) return text;
  const last = text.charCodeAt(MATCH_WINDOW - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? MATCH_WINDOW - 1 : MATCH_WINDOW;
  return text.slice(0, end);
}

/**
 * True when the rule's pattern occurs in the first 8 KiB of `text`, case-insensitively, as
 * written or with quote characters removed. Matching uses RE2 (linear time in the text), never
 * the backtracking JavaScript engine, because the text is attacker-influenced.
 */
export function ruleMatches(rule: MatchableRule, text: string): boolean {
  const pattern = compile(rule);
  if (!pattern) return false;
  const window = matchWindow(text);
  if (pattern.test(window)) return true;
  const unquoted = withoutQuotes(window);
  return unquoted !== window && pattern.test(unquoted);
}

/** The rules among `rules` whose pattern matches `text`, in the given order. */
export function matchingRules<R extends MatchableRule>(rules: readonly R[], text: string): R[] {
  return rules.filter((rule) => ruleMatches(rule, text));
}
