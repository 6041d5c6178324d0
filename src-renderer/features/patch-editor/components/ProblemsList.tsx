import { useIntl } from 'react-intl';
import type { DraftProblem } from '../../../../src-shared/ipc/patches.js';
import { problemText } from '../problem-text.js';

/**
 * The draft's problems under the editor, each a link to its line: the sentence for its code in the
 * reader's language, naming the path of what is wrong, then smaller the shared schema's English
 * sentence it was worded from (the server words its refusal that way), shown as data.
 */
export function ProblemsList({ problems, onGoTo, testId = 'patch-problems' }: { problems: readonly DraftProblem[]; onGoTo(problem: DraftProblem): void; testId?: string }) {
  const intl = useIntl();
  if (problems.length === 0) return null;
  return (
    <section className="patch-problems" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h3 id={`${testId}-title`}>{intl.formatMessage({ id: 'patchEditor.problems.title' }, { count: problems.length })}</h3>
      <ul>
        {problems.map((problem, index) => {
          const { sentence, detail } = problemText(intl, problem);
          return (
            <li key={`${problem.line}:${problem.column}:${index}`} data-testid="patch-problem" data-line={problem.line} data-code={problem.code}>
              <a
                href={`#line-${problem.line}`}
                onClick={(event) => {
                  event.preventDefault();
                  onGoTo(problem);
                }}
              >
                {intl.formatMessage({ id: 'patchEditor.problems.at' }, { line: problem.line, column: problem.column })}
              </a>{' '}
              <span data-testid="patch-problem-sentence" data-i18n-data={detail === null ? '' : undefined}>
                {sentence}
              </span>
              {detail !== null && (
                <>
                  {' '}
                  <span className="patch-problem-detail" data-testid="patch-problem-detail" data-i18n-data>
                    {detail}
                  </span>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
