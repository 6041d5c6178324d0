// The server's logger: pino, as Fastify uses it. JSON lines where a file or another program reads them
// (the CLI with its output not a terminal); one readable line per record in a terminal and in the
// console, where the embedded backend's records join the console's own lines. Either way, the headers
// that carry a token or a signature are redacted by pino before anything is written.
import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream } from 'pino';

/** How records are written: pino's JSON lines, or readable lines handed to a printer. */
export type LogOutput = { kind: 'json' } | { kind: 'readable'; print: (line: string) => void };

const REDACT = { paths: ['req.headers.authorization', 'req.headers["molam-signature"]'], censor: '[redacted]' };
/** What every record carries that a reader of one line does not need. */
const ENVELOPE = new Set(['level', 'time', 'pid', 'hostname', 'msg']);
const MAX_VALUE_CHARS = 200;

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  if (typeof value !== 'object' || value === null) return String(value);
  const json = JSON.stringify(value);
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS)}…` : json;
}

/** An error as pino's serializer wrote it: its message (and code), without the stack. */
function describeError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return describeValue(err);
  const { message, code, type } = err as { message?: unknown; code?: unknown; type?: unknown };
  const text = typeof message === 'string' && message !== '' ? message.split('\n')[0]! : String(type ?? 'error');
  return code === undefined ? text : `${text} (${describeValue(code)})`;
}

/**
 * One pino record as a line: its level, its message, then its own fields as `key=value` (an error by its
 * message). E.g. `warn: interop event dispatch failed (eventId=42; error: connection reset)`.
 */
export function readableLogLine(record: Readonly<Record<string, unknown>>): string {
  const level = typeof record['level'] === 'number' ? (pino.levels.labels[record['level']] ?? String(record['level'])) : String(record['level'] ?? 'log');
  const fields: string[] = [];
  let error: string | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (ENVELOPE.has(key) || value === undefined) continue;
    if (key === 'err' || key === 'error') error = describeError(value);
    else fields.push(`${key}=${describeValue(value)}`);
  }
  if (error !== undefined) fields.push(`error: ${error}`);
  const message = typeof record['msg'] === 'string' ? record['msg'] : '';
  return `${level}: ${message}${fields.length > 0 ? ` (${fields.join('; ')})` : ''}`;
}

/** A pino destination that prints each record as one readable line. */
export function readableDestination(print: (line: string) => void): DestinationStream {
  return {
    write(json: string) {
      for (const line of json.split('\n')) {
        if (line.trim() === '') continue;
        try {
          print(readableLogLine(JSON.parse(line) as Record<string, unknown>));
        } catch {
          print(line); // not a record (pino writes only records; kept rather than lost)
        }
      }
    },
  };
}

/** The server's logger at `level`, written as `output` says (JSON to stdout by default). */
export function createServerLogger(level: string, output: LogOutput = { kind: 'json' }): FastifyBaseLogger {
  const options = { level, redact: REDACT };
  return output.kind === 'readable' ? pino(options, readableDestination(output.print)) : pino(options);
}
