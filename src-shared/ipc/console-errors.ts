/**
 * Codes of the failures the console's main process reports on purpose (`IpcError.code` beside the
 * backend's API_ERROR_CODES): the renderer words each in the reader's language, the message beside
 * it being the detail. `console_internal` is a defect inside the console (its log has the details).
 */
export const CONSOLE_ERROR_CODES = [
  'embedded_address_fixed',
  'profile_in_use',
  'demo_disabled',
  'pause_already_resumed',
  'no_active_profile',
  'not_in_cache',
  'outbox_item_queued',
  'role_required',
  'own_patch_version',
  'version_not_pending',
  'draft_submitted',
  'rollout_version_changed',
  'rollout_completed',
  'rollout_halted',
  'rollout_not_held',
  'rollout_not_rolling',
  'console_internal',
] as const;
export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(CONSOLE_ERROR_CODES);

/** Whether an IPC error's code is one of the console's own. */
export function isConsoleErrorCode(code: unknown): code is ConsoleErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}
