import { parser } from '@lezer/json';
import type { SyntaxNode } from '@lezer/common';
import { z } from 'zod';
import type { DraftProblem } from '../ipc/patches.js';
import { PatchActionsSchema } from '../patch-format.js';
import { CreatePatchBodySchema, type SdkPatchVersion } from '../schemas/sdk.js';
import { describeIssue, type DescribedProblem } from './draft-problem-codes.js';
import { matchProblems } from './match-checks.js';

/**
 * The patch draft an author types in the console: the body of `POST /api/dev/patches` (or of
 * `PUT /api/dev/patches/:id`), declarative only. `validateDraft` judges the text with the server's
 * own zod schemas plus the shared match checks (RE2 pattern safety, semver range), and places every
 * problem at the line and column of the offending value, so the editor can mark it as you type.
 *
 * Positions come from a Lezer JSON parse of the text (tolerant, with node offsets), made only when
 * something is wrong: a syntax error is a problem at its position; a schema problem is placed by
 * walking its path down the tree (an unknown key at its name, a missing key at its object). A valid
 * 500-line draft validates in well under a millisecond, an invalid one in about two.
 *
 * Every problem carries a code from `DRAFT_PROBLEM_CODES` and its arguments, so the console words it
 * in the reader's language; `message` is the English sentence, kept as the detail.
 */

/**
 * Create-body keys a draft leaves out: code (the console authors declarative patches only) and the
 * change note (typed beside the draft, sent with it).
 */
const NOT_IN_DRAFT: Record<string, string> = {
  patch_code: 'code patches are not written in the console; use actions',
  rollback_code: 'code patches are not written in the console; use actions',
  change_note: 'the change note is written beside the draft, not in it',
};
type CreateFields = typeof CreatePatchBodySchema.shape;
const declarativeFields = Object.fromEntries(Object.entries(CreatePatchBodySchema.shape).filter(([key]) => !(key in NOT_IN_DRAFT))) as Omit<
  CreateFields,
  'patch_code' | 'rollback_code' | 'change_note'
>;

/** The draft document: the create body without code or change note, unknown keys refused. */
export const DraftSchema = z.strictObject({ ...declarativeFields, actions: PatchActionsSchema.min(1, 'give at least one action') });
export type DraftBody = z.infer<typeof DraftSchema>;

export type DraftValidation = { ok: true; body: DraftBody } | { ok: false; problems: DraftProblem[] };

/** Judges a draft's text; problems are in document order. */
export function validateDraft(text: string): DraftValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(text, error as Error)] };
  }
  // Positions are only needed when something is wrong: a valid draft is never parsed twice.
  let root: SyntaxNode | null | undefined;
  let locate: ((offset: number) => { line: number; column: number }) | undefined;
  const problemAt = (path: readonly PropertyKey[], problem: DescribedProblem, key?: string): DraftProblem => {
    root ??= parser.parse(text).topNode.firstChild;
    locate ??= positionsIn(text);
    return { path: path.map(String).join('.'), ...problem, ...locate(offsetOf(root, path, text, key)) };
  };

  const parsed = DraftSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => {
          const described: DescribedProblem =
            issue.path.length === 0 && Object.hasOwn(NOT_IN_DRAFT, key)
              ? { code: 'not_in_draft', params: { key }, message: `${key}: ${NOT_IN_DRAFT[key]}` }
              : { code: 'unknown_key', params: { key }, message: `${key}: unknown key` };
          return problemAt([...issue.path, key], described, key);
        });
      }
      return [problemAt(issue.path, describeIssue(issue, value))];
    });
    return { ok: false, problems: sortProblems(problems) };
  }

  const body = parsed.data;
  const problems: DraftProblem[] = [];
  if (body.match) {
    if (body.match.sdk_language !== undefined && body.match.sdk_language !== body.sdk_language) {
      const message = `match.sdk_language: must be the patch's language (${body.sdk_language})`;
      problems.push(problemAt(['match', 'sdk_language'], { code: 'language_mismatch', params: { language: body.sdk_language }, message }));
    }
    for (const problem of matchProblems(body.match)) {
      problems.push(problemAt(['match', problem.key], { code: problem.fault, params: { key: problem.key }, message: `match.${problem.key}: ${problem.reason}` }));
    }
  }
  return problems.length > 0 ? { ok: false, problems: sortProblems(problems) } : { ok: true, body };
}

function sortProblems(problems: DraftProblem[]): DraftProblem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function firstError(node: SyntaxNode): number | null {
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) return cursor.from;
  } while (cursor.next());
  return null;
}

/** A JSON syntax error, placed where the Lezer parse finds it (else where JSON.parse says). */
function syntaxProblem(text: string, error: Error): DraftProblem {
  const locate = positionsIn(text);
  const at = firstError(parser.parse(text).topNode) ?? Number(/position (\d+)/.exec(error.message)?.[1] ?? 0);
  return { path: '', code: 'json_syntax', ...syntaxMessage(text, at, error), ...locate(Math.min(at, text.length)) };
}

function syntaxMessage(text: string, at: number, error: Error): Pick<DraftProblem, 'message' | 'params'> {
  if (text.trim() === '') return { params: { reason: 'empty' }, message: 'the draft is empty: write a JSON object' };
  if (at >= text.length) return { params: { reason: 'truncated' }, message: 'JSON syntax error: the text ends too early' };
  const found = text.slice(at, at + 10).split('\n')[0];
  return found
    ? { params: { reason: 'unexpected', found }, message: `JSON syntax error: unexpected ${JSON.stringify(found)}` }
    : { params: { reason: 'invalid' }, message: `JSON syntax error (${error.message})` };
}

/** A function from an offset in `text` to its 1-based line and column. */
function positionsIn(text: string): (offset: number) => { line: number; column: number } {
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low]! + 1 };
  };
}

/**
 * Where the value at `path` starts; the property name when `key` names an unknown key; else the
 * deepest object or array on the path that exists (a missing key is reported at its object).
 */
function offsetOf(root: SyntaxNode | null, path: readonly PropertyKey[], text: string, key?: string): number {
  if (root === null) return 0;
  let node: SyntaxNode = root;
  for (let depth = 0; depth < path.length; depth += 1) {
    const last = depth === path.length - 1;
    const step = path[depth];
    const child: SyntaxNode | null = node.name === 'Object' ? propertyOf(node, String(step), text) : node.name === 'Array' ? elementOf(node, Number(step)) : null;
    if (child === null) return node.from;
    if (child.name === 'Property') {
      const name = child.getChild('PropertyName');
      if (last && key !== undefined) return (name ?? child).from;
      node = child.lastChild && child.lastChild.name !== ':' && child.lastChild !== name ? child.lastChild : child;
    } else {
      node = child;
    }
  }
  return node.from;
}

function propertyOf(object: SyntaxNode, key: string, text: string): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  for (let child = object.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'Property') continue;
    const name = child.getChild('PropertyName');
    if (name && decodeName(text.slice(name.from, name.to)) === key) found = child; // the last duplicate wins, as in JSON.parse
  }
  return found;
}

function elementOf(array: SyntaxNode, index: number): SyntaxNode | null {
  let position = 0;
  for (let child = array.firstChild; child; child = child.nextSibling) {
    if (child.name === '[' || child.name === ']' || child.name === ',' || child.type.isError) continue;
    if (position === index) return child;
    position += 1;
  }
  return null;
}

function decodeName(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw;
  }
}

/**
 * A registry version as the document a draft of its next version starts from: the fields an author
 * writes (a code patch's code included, which a draft refuses: code patches are not authored here).
 */
export function versionDocument(version: Pick<SdkPatchVersion, 'sdk_language' | 'error_signature' | 'description' | 'severity' | 'match' | 'actions' | 'patch_code' | 'rollback_code'>): Record<string, unknown> {
  return {
    sdk_language: version.sdk_language,
    error_signature: version.error_signature,
    description: version.description,
    severity: version.severity,
    match: version.match,
    actions: version.actions,
    ...(version.patch_code !== null ? { patch_code: version.patch_code } : {}),
    ...(version.rollback_code !== null ? { rollback_code: version.rollback_code } : {}),
  };
}

/** A draft's text as the console writes it (two-space JSON, a final newline), so diffs show only what was typed. */
export function draftTextOf(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
