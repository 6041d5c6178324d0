import type { IntlShape } from '@formatjs/intl';
import { isConsoleErrorCode } from '../../../src-shared/ipc/console-errors.js';
import { isApiErrorCode } from '../../../src-shared/schemas/error-codes.js';
import { IpcCallError } from '../../ipc/call.js';

/**
 * A backend error in the reader's language: the sentence for its code (API_ERROR_CODES), with the
 * backend's own message as detail; a code this console does not know still reads as a sentence naming it.
 */
export function apiErrorText(intl: Pick<IntlShape, 'formatMessage'>, code: string, detail: string): string {
  const sentence = isApiErrorCode(code) ? intl.formatMessage({ id: `apiError.${code}` }) : intl.formatMessage({ id: 'apiError.unknown' }, { code });
  return detail.trim() === '' ? sentence : intl.formatMessage({ id: 'apiError.withDetail' }, { sentence, detail });
}

/** A failure the console's main process reported on purpose (CONSOLE_ERROR_CODES), its message as detail. */
function consoleErrorText(intl: Pick<IntlShape, 'formatMessage'>, code: string, detail: string): string {
  const sentence = intl.formatMessage({ id: `consoleError.${code}` });
  return detail.trim() === '' ? sentence : intl.formatMessage({ id: 'apiError.withConsoleDetail' }, { sentence, detail });
}

/** Why a call failed, to show: worded by its code (the console's or the backend's) in the reader's language, else the message as it came. */
export function errorText(intl: Pick<IntlShape, 'formatMessage'>, error: unknown): string {
  if (error instanceof IpcCallError && error.code !== null) {
    return isConsoleErrorCode(error.code) ? consoleErrorText(intl, error.code, error.message) : apiErrorText(intl, error.code, error.message);
  }
  return error instanceof Error ? error.message : String(error);
}
