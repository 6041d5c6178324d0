import { useIntl } from 'react-intl';
import type { DraftProblem } from '../../../../src-shared/ipc/patches.js';

/**
 * The draft's problems under the editor, each a link to its line. The messages are the shared
 * schema's own, naming the path of what is wrong (the server words its refusal the same way), shown as data.
 */
export function ProblemsList({ problems, onGoTo, testId = 'patch-problems' }: { problems: readonly DraftProblem[]; onGoTo(problem: DraftProblem): void; testId?: string }) {
  const intl = useIntl();
  if (problems.length === 0) return null;
  return (
    <section className="patch-problems" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <h3 id={`${testId}-title`}>{intl.formatMessage({ id: 'patchEditor.problems.title' }, { count: problems.length })}</h3>
      <ul>
        {problems.map((problem, index) => (
          <li key={`${problem.line}:${problem.column}:${index}`} data-testid="patch-problem" data-line={problem.line}>
            <a
              href={`#line-${problem.line}`}
              onClick={(event) => {
                event.preventDefault();
                onGoTo(problem);
              }}
            >
              {intl.formatMessage({ id: 'patchEditor.problems.at' }, { line: problem.line, column: problem.column })}
            </a>{' '}
            <span data-i18n-data>{problem.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
