import { z } from 'zod';
import type { CodeExcerpt, CodeLanguage } from '../schemas/preview.js';

/**
 * A `code_patch` proposed patch is a literal search and replace in one file of the plugin:
 * `{ type: 'code_patch', action: 'replace_in_file', file, search, replace }`. Every occurrence of
 * `search` in the file becomes `replace`; `search` is plain text, never a pattern.
 */

/** Longest `search` or `replace` text a code patch may carry. */
export const MAX_CODE_PATCH_TEXT = 2000;

/** The fields of a `code_patch` that say what it replaces; checked where proposals enter. */
export const CodePatchFieldsSchema = z.object({
  /** The file's path inside the plugin, as the plugin's error names it. */
  file: z.string().min(1).max(500),
  /** The exact text to replace (may span lines, joined by "\n"). */
  search: z.string().min(1).max(MAX_CODE_PATCH_TEXT),
  /** What replaces each occurrence (may be empty: the text is removed). */
  replace: z.string().max(MAX_CODE_PATCH_TEXT),
});
export type CodePatchFields = z.infer<typeof CodePatchFieldsSchema>;

/** A code patch's search and replace, or null when the patch does not carry them. */
export function codePatchFields(patch: Record<string, unknown>): CodePatchFields | null {
  const parsed = CodePatchFieldsSchema.safeParse(patch);
  return parsed.success ? parsed.data : null;
}

/**
 * Why a `code_patch` cannot say what it replaces (the field at fault and a sentence), or null when
 * its file, search and replace are there. Proposals and rule templates are checked with it.
 */
export function codePatchProblem(patch: Record<string, unknown>): { field: string; message: string } | null {
  const parsed = CodePatchFieldsSchema.safeParse(patch);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0]);
  const message =
    patch[field] === undefined ? `a code_patch needs "${field}" (file, search and replace say what it changes)` : issue.message;
  return { field, message };
}

/** The highlighting a file gets, from its extension. */
export function codeLanguageOf(file: string): CodeLanguage {
  const extension = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase();
  if (extension === 'php') return 'php';
  if (extension === 'js' || extension === 'mjs' || extension === 'cjs' || extension === 'ts') return 'javascript';
  return 'text';
}

/**
 * The longest text the patched side of an excerpt may reach: a one-character search replaced by a
 * long text everywhere would otherwise multiply the excerpt's size. Past it, the after side is cut
 * and its last line says so.
 */
export const MAX_PATCHED_EXCERPT_CHARS = 64_000;

/** An excerpt's lines before and after a code patch. */
export interface PatchedExcerpt {
  before: string[];
  after: string[];
  /** Occurrences of the search text replaced in the excerpt (0: the excerpt does not contain it). */
  replacements: number;
  /** The after side was cut at MAX_PATCHED_EXCERPT_CHARS. */
  cut: boolean;
}

/**
 * Applies a code patch to an excerpt's lines: every literal occurrence of `search` in the lines
 * (joined by "\n", so a search may span lines) becomes `replace`. The work is one pass over the
 * excerpt, and the result is never longer than MAX_PATCHED_EXCERPT_CHARS.
 */
export function applyCodePatch(excerpt: Pick<CodeExcerpt, 'lines'>, patch: Pick<CodePatchFields, 'search' | 'replace'>): PatchedExcerpt {
  const before = [...excerpt.lines];
  const parts = before.join('\n').split(patch.search);
  const replacements = parts.length - 1;
  if (replacements === 0) return { before, after: before, replacements, cut: false };
  // Built piece by piece so a hostile patch never makes a string past the limit.
  let patched = parts[0]!;
  for (let index = 1; index < parts.length && patched.length <= MAX_PATCHED_EXCERPT_CHARS; index++) {
    patched += patch.replace + parts[index]!;
  }
  const cut = patched.length > MAX_PATCHED_EXCERPT_CHARS;
  if (cut) patched = `${patched.slice(0, MAX_PATCHED_EXCERPT_CHARS)}…`;
  return { before, after: patched.split('\n'), replacements, cut };
}
