import { z } from 'zod';
import { badRequest } from './errors.js';

/** Keyset cursors are opaque to clients: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const Micros = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The cursor shapes the server issues: a row id; creation time in microseconds and id; a serial. */
export const CURSOR = {
  id: z.tuple([Id]),
  microsAndId: z.tuple([Micros, Id]),
  serial: z.tuple([Micros]),
  text: z.tuple([z.string().max(200)]),
} as const;

/**
 * Decodes a cursor and checks it has the shape this listing issues, so a forged cursor is a 400
 * naming `field` before anything reaches SQL.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string, field: string, shape: S): z.output<S> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  const parsed = shape.safeParse(values);
  if (!parsed.success) throw badRequest('cursor is not one this server issued', field);
  return parsed.data;
}
