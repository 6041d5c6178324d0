import type { DraftProblem } from '../../../src-shared/ipc/patches.js';

/** Where a problem sits in the draft's text: the value (or key) starting at its line and column. */
export interface ProblemRange {
  from: number;
  to: number;
}

/** Start offsets of each line of a text (line 1 starts at 0). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The end of the JSON token starting at `from`: a whole string, or a run of other value characters. */
function tokenEnd(text: string, from: number, lineEnd: number): number {
  if (text[from] === '"') {
    for (let i = from + 1; i < lineEnd; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
    }
    return lineEnd;
  }
  if (text[from] === '{' || text[from] === '[') return from + 1;
  let end = from;
  while (end < lineEnd && !/[\s,:}\]]/.test(text[end]!)) end++;
  return end;
}

/**
 * The range a problem underlines: its 1-based line and column, clamped to the text, over the token
 * found there (at least one character, so an empty document or an end of line still shows a mark).
 */
export function problemRange(text: string, starts: readonly number[], problem: Pick<DraftProblem, 'line' | 'column'>): ProblemRange {
  const lineIndex = Math.min(Math.max(problem.line, 1), starts.length) - 1;
  const lineStart = starts[lineIndex]!;
  const nextLine = starts[lineIndex + 1];
  const lineEnd = nextLine === undefined ? text.length : nextLine - 1;
  const from = Math.min(lineStart + Math.max(problem.column, 1) - 1, lineEnd);
  const end = tokenEnd(text, from, lineEnd);
  if (end > from) return { from, to: end };
  return from < text.length ? { from, to: from + 1 } : { from: Math.max(text.length - 1, 0), to: text.length };
}
