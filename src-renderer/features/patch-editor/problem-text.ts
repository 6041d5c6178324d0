import type { IntlShape } from '@formatjs/intl';
import type { DraftProblem } from '../../../src-shared/ipc/patches.js';
import { formatNumber } from '../../../src-shared/domain/locale-format.js';

/** A draft problem to show: the sentence for its code in the reader's language, and the schema's English sentence as detail. */
export interface ProblemText {
  /** The path of what is wrong, then the sentence (`actions.1.factor : doit être au plus 10`). */
  sentence: string;
  /** The English message it was worded from; null when the sentence is that message (code `other`). */
  detail: string | null;
}

/**
 * A problem worded by its code (`patchEditor.problem.code.<code>`), its params as ICU arguments:
 * numbers in the reader's format under their own name, and as they are under `<name>Count` for
 * plural forms. A problem of code `other` has no sentence of its own: its message is shown as it came.
 */
export function problemText(intl: Pick<IntlShape, 'formatMessage' | 'locale'>, problem: Pick<DraftProblem, 'path' | 'code' | 'params' | 'message'>): ProblemText {
  if (problem.code === 'other') return { sentence: problem.message, detail: null };
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(problem.params)) {
    values[name] = typeof value === 'number' ? formatNumber(intl.locale, value) : value;
    if (typeof value === 'number') values[`${name}Count`] = value;
  }
  const sentence = intl.formatMessage({ id: `patchEditor.problem.code.${problem.code}` }, values);
  return {
    sentence: problem.path === '' ? sentence : intl.formatMessage({ id: 'patchEditor.problem.atPath' }, { path: problem.path, sentence }),
    detail: problem.message,
  };
}

/** The problem in one line, for the editor's diagnostic: the sentence, then the detail in parentheses. */
export function problemLine(intl: Pick<IntlShape, 'formatMessage' | 'locale'>, problem: Pick<DraftProblem, 'path' | 'code' | 'params' | 'message'>): string {
  const { sentence, detail } = problemText(intl, problem);
  return detail === null ? sentence : intl.formatMessage({ id: 'patchEditor.problem.withDetail' }, { sentence, detail });
}
