import { useQuery } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useIntl } from 'react-intl';
import type { IpcResponse } from '../../../../src-shared/ipc/contract.js';
import type { DraftProblem } from '../../../../src-shared/ipc/patches.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { defaultDryRunForm, failureOf, failureOfDraft, readDryRunForm, withFailure, type DryRunField, type DryRunFieldProblem, type DryRunForm } from '../dry-run-form.js';
import { useDryRunMutation } from '../mutations.js';
import { unpatchedQuery } from '../queries.js';
import { DryRunResultView } from './DryRunResultView.js';
import { ProblemsList } from './ProblemsList.js';
import { SdkLanguageOptions } from '../../../shared/patch-registry/SdkLanguageOptions.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const JSON_FIELDS = ['headers', 'body', 'options'] as const;
const TEXT_FIELDS = ['sdkVersion', 'status', 'errorCode', 'message'] as const;

function FieldProblems({ field, problems }: { field: DryRunField; problems: readonly DryRunFieldProblem[] }) {
  const intl = useIntl();
  const mine = problems.filter((problem) => problem.field === field);
  if (mine.length === 0) return null;
  return (
    <span className="error small" id={`dry-run-${field}-problem`} data-testid={`dry-run-problem-${field}`}>
      {mine.map((problem) => intl.formatMessage({ id: `patchEditor.dryRun.problem.${problem.problem}` }, { detail: problem.detail ?? '' })).join(' ')}
    </span>
  );
}

/** Picks one of the recent unanswered errors as the dry run's failure. */
function RecentFailurePicker({ onPick }: { onPick(index: number): void }) {
  const api = useOpsApi();
  const intl = useIntl();
  const unpatched = useQuery(unpatchedQuery(api));
  const items = unpatched.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <label className="dry-run-field">
      <span>{intl.formatMessage({ id: 'patchEditor.dryRun.recent' })}</span>
      <select defaultValue="" onChange={(event) => event.target.value !== '' && onPick(Number(event.target.value))} data-testid="dry-run-recent">
        <option value="">{intl.formatMessage({ id: 'patchEditor.dryRun.recentNone' })}</option>
        {items.map((item, index) => (
          <option key={`${item.sdk_language}:${item.status}:${item.error_code}:${item.error_pattern}`} value={index} disabled={failureOf(item) === null}>
            {intl.formatMessage(
              { id: 'patchEditor.dryRun.recentItem' },
              { language: item.sdk_language, status: item.status ?? '—', code: item.error_code ?? '—', message: item.error_pattern.slice(0, 80), count: item.occurrences },
            )}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The dry run: a failure (picked from the recent unanswered errors or typed) and a sample request,
 * run on this machine against the cached active patches and the draft as typed (standing in for the
 * active version of `patchId`, the patch it is a new version of). Nothing is sent.
 */
export const DryRunPanel = memo(function DryRunPanel({ draftText, patchId, onGoTo }: { draftText: string; patchId: string | null; onGoTo(problem: DraftProblem): void }) {
  const api = useOpsApi();
  const intl = useIntl();
  const unpatched = useQuery(unpatchedQuery(api));
  // The failure the draft is written for, as it was when the draft opened.
  const [form, setForm] = useState<DryRunForm>(() => {
    const failure = failureOfDraft(draftText);
    return failure ? withFailure(defaultDryRunForm(failure.sdk_language), failure) : defaultDryRunForm();
  });
  const [problems, setProblems] = useState<DryRunFieldProblem[]>([]);
  const [answer, setAnswer] = useState<IpcResponse<'ops:patches.dryRun'> | null>(null);
  const dryRun = useDryRunMutation();
  const set = (field: keyof DryRunForm) => (event: { target: { value: string } }) => setForm((current) => ({ ...current, [field]: event.target.value }));
  const described = (field: DryRunField) => (problems.some((problem) => problem.field === field) ? { 'aria-invalid': true, 'aria-describedby': `dry-run-${field}-problem` } : {});

  const pick = (index: number) => {
    const failure = unpatched.data?.items[index] ? failureOf(unpatched.data.items[index]) : null;
    if (failure) setForm((current) => withFailure(current, failure));
  };
  const run = () => {
    const read = readDryRunForm(form);
    setProblems(read.ok ? [] : read.problems);
    if (!read.ok) return;
    dryRun.mutate({ ...read.request, draftText, ...(patchId !== null ? { patchId } : {}) }, { onSuccess: setAnswer });
  };

  return (
    <section className="dry-run" aria-labelledby="dry-run-title" data-testid="dry-run">
      <h2 id="dry-run-title">{intl.formatMessage({ id: 'patchEditor.dryRun.title' })}</h2>
      <p className="muted small">{intl.formatMessage({ id: 'patchEditor.dryRun.local' })}</p>
      <RecentFailurePicker onPick={pick} />
      <fieldset className="dry-run-grid">
        <legend>{intl.formatMessage({ id: 'patchEditor.dryRun.failure' })}</legend>
        <label className="dry-run-field">
          <span>{intl.formatMessage({ id: 'patchEditor.dryRun.field.language' })}</span>
          <select value={form.language} onChange={set('language')} data-testid="dry-run-language">
            <SdkLanguageOptions />
          </select>
        </label>
        {TEXT_FIELDS.map((field) => (
          <label key={field} className={field === 'message' ? 'dry-run-field dry-run-wide' : 'dry-run-field'}>
            <span>{intl.formatMessage({ id: `patchEditor.dryRun.field.${field}` })}</span>
            <input value={form[field]} onChange={set(field)} inputMode={field === 'status' ? 'numeric' : undefined} data-testid={`dry-run-${field}`} {...described(field)} />
            <FieldProblems field={field} problems={problems} />
          </label>
        ))}
      </fieldset>
      <fieldset className="dry-run-grid">
        <legend>{intl.formatMessage({ id: 'patchEditor.dryRun.request' })}</legend>
        <label className="dry-run-field">
          <span>{intl.formatMessage({ id: 'patchEditor.dryRun.field.method' })}</span>
          <select value={form.method} onChange={set('method')} data-testid="dry-run-method">
            {METHODS.map((method) => (
              <option key={method} value={method} data-i18n-data>
                {method}
              </option>
            ))}
          </select>
        </label>
        {(['path', 'credential'] as const).map((field) => (
          <label key={field} className="dry-run-field">
            <span>{intl.formatMessage({ id: `patchEditor.dryRun.field.${field}` })}</span>
            <input value={form[field]} onChange={set(field)} data-testid={`dry-run-${field}`} {...described(field)} />
            <FieldProblems field={field} problems={problems} />
          </label>
        ))}
        {JSON_FIELDS.map((field) => (
          <label key={field} className="dry-run-field dry-run-wide">
            <span>{intl.formatMessage({ id: `patchEditor.dryRun.field.${field}` })}</span>
            <textarea className="code" value={form[field]} rows={4} spellCheck={false} onChange={set(field)} data-testid={`dry-run-${field}`} {...described(field)} />
            <FieldProblems field={field} problems={problems} />
          </label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="button" className="primary" onClick={run} disabled={dryRun.isPending} data-testid="dry-run-button">
          {intl.formatMessage({ id: 'patchEditor.dryRun.run' })}
        </button>
        <button type="button" onClick={() => setForm((current) => ({ ...defaultDryRunForm(current.language), ...pickFailure(current) }))}>
          {intl.formatMessage({ id: 'patchEditor.dryRun.resetRequest' })}
        </button>
      </div>
      {answer && !answer.ok && (
        <div role="alert" data-testid="dry-run-draft-refused">
          <p className="error">{intl.formatMessage({ id: 'patchEditor.dryRun.draftRefused' }, { count: answer.problems.length })}</p>
          <ProblemsList problems={answer.problems} onGoTo={onGoTo} testId="dry-run-problems" />
        </div>
      )}
      {answer?.ok && <DryRunResultView result={answer.result} />}
    </section>
  );
});

/** The failure fields of the form, kept when the sample request is reset. */
function pickFailure(form: DryRunForm): Partial<DryRunForm> {
  return { sdkVersion: form.sdkVersion, status: form.status, errorCode: form.errorCode, message: form.message };
}
