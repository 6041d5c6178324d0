import type { IntlShape } from '@formatjs/intl';
import type { BackendProblem } from '../../../src-shared/ipc/backend-problem.js';

/**
 * Why a backend could not be used, in the reader's language: one sentence per failure kind (the
 * welcome screen's test and the sync bar say the same thing the same way), with the HTTP status when
 * there was one. The technical detail stays apart, for a tooltip or a second line.
 */
export function backendProblemText(intl: Pick<IntlShape, 'formatMessage'>, problem: BackendProblem): string {
  return intl.formatMessage({ id: `backendProblem.${problem.failure}` }, { status: String(problem.status ?? ''), hasStatus: problem.status === null ? 'no' : 'yes' });
}
