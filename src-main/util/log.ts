/** Where main-process services write one-line diagnostics (never tokens). */
export type LogFn = (message: string) => void;

export const silentLog: LogFn = () => undefined;

/** A short, single-line description of an error for logs and the status bar. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
