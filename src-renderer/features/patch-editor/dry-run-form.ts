import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { CallStateSchema, FailureInputSchema, type CallState, type FailureInput } from '../../../src-shared/patch-engine/dry-run-schema.js';
import { SDK_LANGUAGES, type SdkLanguage } from '../../../src-shared/patch-format.js';
import type { UnpatchedLookup } from '../../../src-shared/schemas/sdk-field.js';

/** The dry run's form as typed: every field a string, read when the run starts. */
export interface DryRunForm {
  language: SdkLanguage;
  sdkVersion: string;
  status: string;
  errorCode: string;
  message: string;
  method: CallState['request']['method'];
  path: string;
  headers: string;
  body: string;
  options: string;
  credential: string;
}

export const DRY_RUN_FIELDS = ['language', 'sdkVersion', 'status', 'errorCode', 'message', 'method', 'path', 'headers', 'body', 'options', 'credential'] as const;
export type DryRunField = (typeof DRY_RUN_FIELDS)[number];

/** What is wrong with one field; `detail` is the schema's own sentence when there is one. */
export interface DryRunFieldProblem {
  field: DryRunField;
  problem: 'notJson' | 'notObject' | 'notStringValues' | 'notStatus' | 'invalid';
  detail?: string;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** A sample payment call: what most SDK failures are about. */
export function defaultDryRunForm(language: SdkLanguage = 'node'): DryRunForm {
  return {
    language,
    sdkVersion: '',
    status: '',
    errorCode: '',
    message: '',
    method: 'POST',
    path: '/v1/payment_intents',
    headers: pretty({ 'content-type': 'application/json' }),
    body: pretty({ amount: '5000', currency: 'EUR' }),
    options: pretty({ timeout_ms: 10000 }),
    credential: 'default',
  };
}

/** An SDK language the registry knows, else null (the cache keeps what the backend reported). */
export function knownLanguage(value: string): SdkLanguage | null {
  return (SDK_LANGUAGES as readonly string[]).includes(value) ? (value as SdkLanguage) : null;
}

/** The failure an unanswered error describes (its pattern stands for the message). */
export function failureOf(item: UnpatchedLookup): FailureInput | null {
  const language = knownLanguage(item.sdk_language);
  if (!language) return null;
  return {
    sdk_language: language,
    ...(item.status !== null ? { status: item.status } : {}),
    ...(item.error_code ? { error_code: item.error_code } : {}),
    message: item.error_pattern,
  };
}

/**
 * The failure a draft's match describes, as far as its text parses (the dry run starts from the
 * failure the draft is written for; a message pattern stands for the message only when it is literal).
 */
export function failureOfDraft(text: string): FailureInput | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(body) || !isRecord(body['match'])) return null;
  const match = body['match'];
  const language = knownLanguage(String(match['sdk_language'] ?? body['sdk_language'] ?? ''));
  if (!language) return null;
  const pattern = typeof match['message_pattern'] === 'string' ? match['message_pattern'] : '';
  return {
    sdk_language: language,
    ...(typeof match['status'] === 'number' ? { status: match['status'] } : {}),
    ...(typeof match['error_code'] === 'string' && match['error_code'] !== '' ? { error_code: match['error_code'] } : {}),
    message: literalOf(pattern) ?? '',
  };
}

/** The text a pattern matches when it is a literal (metacharacters escaped), else null. */
export function literalOf(pattern: string): string | null {
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      text += next;
      i++;
    } else if ('^$.|?*+()[]{}'.includes(char)) return null;
    else text += char;
  }
  return text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The form with a recent failure picked: its failure fields replaced, the sample request kept. */
export function withFailure(form: DryRunForm, failure: FailureInput): DryRunForm {
  return {
    ...form,
    language: failure.sdk_language,
    sdkVersion: failure.sdk_version ?? '',
    status: failure.status === undefined ? '' : String(failure.status),
    errorCode: failure.error_code ?? '',
    message: failure.message,
  };
}

type JsonRead = { ok: true; value: unknown } | { ok: false; problem: DryRunFieldProblem };

function readJsonObject(field: DryRunField, text: string): JsonRead {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { field, problem: 'notJson', detail: (error as Error).message } };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: { field, problem: 'notObject' } };
  return { ok: true, value };
}

/** Which form field a schema issue's path points at. */
function fieldOfIssue(source: 'failure' | 'call', path: readonly PropertyKey[]): DryRunField {
  const [first, second] = path.map(String);
  if (source === 'failure') {
    const fields: Record<string, DryRunField> = { sdk_language: 'language', sdk_version: 'sdkVersion', status: 'status', error_code: 'errorCode', message: 'message' };
    return fields[first ?? ''] ?? 'message';
  }
  if (first === 'request') return second === 'method' || second === 'path' || second === 'headers' || second === 'body' ? second : 'path';
  return first === 'options' ? 'options' : 'credential';
}

type DryRunInput = Omit<IpcRequest<'ops:patches.dryRun'>, 'draftText'>;

/** The dry run's request from the form, or every field that is wrong and why. */
export function readDryRunForm(form: DryRunForm): { ok: true; request: DryRunInput } | { ok: false; problems: DryRunFieldProblem[] } {
  const problems: DryRunFieldProblem[] = [];
  const status = form.status.trim();
  if (status !== '' && !/^[1-5]\d\d$/.test(status)) problems.push({ field: 'status', problem: 'notStatus' });
  const json = { headers: readJsonObject('headers', form.headers), body: readJsonObject('body', form.body), options: readJsonObject('options', form.options) };
  for (const read of Object.values(json)) if (!read.ok) problems.push(read.problem);
  if (json.headers.ok && Object.values(json.headers.value as object).some((value) => typeof value !== 'string')) {
    problems.push({ field: 'headers', problem: 'notStringValues' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const failure = FailureInputSchema.safeParse({
    sdk_language: form.language,
    ...(form.sdkVersion.trim() ? { sdk_version: form.sdkVersion.trim() } : {}),
    ...(status ? { status: Number(status) } : {}),
    ...(form.errorCode.trim() ? { error_code: form.errorCode.trim() } : {}),
    message: form.message,
  });
  const call = CallStateSchema.safeParse({
    request: { method: form.method, path: form.path.trim(), headers: valueOf(json.headers), body: valueOf(json.body) },
    options: valueOf(json.options),
    credential: form.credential.trim(),
  });
  if (!failure.success) for (const issue of failure.error.issues) problems.push({ field: fieldOfIssue('failure', issue.path), problem: 'invalid', detail: issue.message });
  if (!call.success) for (const issue of call.error.issues) problems.push({ field: fieldOfIssue('call', issue.path), problem: 'invalid', detail: issue.message });
  if (!failure.success || !call.success) return { ok: false, problems };
  return { ok: true, request: { failure: failure.data, call: call.data } };
}

function valueOf(read: JsonRead): unknown {
  return read.ok ? read.value : {};
}
