import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mayHoldInexactNumbers, parseExactJson } from '../db/exact-json.js';
import { badRequest } from './errors.js';

/**
 * Deepest nesting a JSON body may have. Deep enough for any real document (the interop payload
 * has its own, lower bound), shallow enough that every recursive walk over a body (hashing,
 * canonicalising, merging, serialising) stays far from the stack's limit.
 */
export const MAX_JSON_DEPTH = 64;

const rawBodies = new WeakMap<FastifyRequest, string>();
/** Bodies whose text holds a `\u0000` or surrogate escape: only these can hold unstorable text. */
const suspectBodies = new WeakSet<FastifyRequest>();

/** The exact text of the request's JSON body, as the client sent it (after UTF-8 decoding). */
export function rawBodyText(request: FastifyRequest): string | undefined {
  return rawBodies.get(request);
}

/** `\u0000` or a UTF-16 surrogate escape: the only ways a NUL or a lone surrogate gets into JSON text. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Parses a JSON body without losing a digit and refuses one nested too deep. Text PostgreSQL cannot
 * store is refused too, unless `text` is 'kept' (the route wrapper then decides: see
 * bodyMayHoldUnstorableText).
 */
export function parseJsonBody(text: string, options: { text?: 'checked' | 'kept' } = {}): unknown {
  const value = parseExactJson(mayHoldInexactNumbers(text) ? checkDepthBeforeParse(text) : text);
  const checkText = options.text !== 'kept' && SUSPECT_ESCAPE.test(text);
  if (checkText || moreOpenersThan(text, MAX_JSON_DEPTH)) checkStorable(value, 'body', { text: checkText });
  return value;
}

/** Whether the request's JSON body may hold a NUL or a lone surrogate (its text has such an escape). */
export function bodyMayHoldUnstorableText(request: FastifyRequest): boolean {
  return suspectBodies.has(request);
}

// Fewer brackets than the bound means it cannot be nested deeper: most bodies stop here without a walk.
// Counts without building a list of matches, and stops at the bound (this runs on every request).
function moreOpenersThan(text: string, bound: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x5b || c === 0x7b) && ++count > bound) return true;
  }
  return false;
}

// The exact parser recurses: a body nested deeper than the bound is refused before it starts.
function checkDepthBeforeParse(text: string): string {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest(`body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, 'body');
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return text;
}

/** Why PostgreSQL could not store this text, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\0')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff), which is not valid Unicode';
  return undefined;
}

/**
 * Walks a parsed value without recursion and throws a 400 naming the first field that is nested
 * too deep or holds text (a value or a key) PostgreSQL cannot store.
 */
export function checkStorable(value: unknown, root: string, options: { text?: boolean } = {}): void {
  const checkText = options.text !== false;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (!checkText) continue;
      const problem = unstorableText(current);
      if (problem) throw badRequest(`${path}: ${problem}`, path);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw badRequest(`${path}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`, path);
    if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push({ value: item, path: `${path}.${index}`, depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      const field = `${path}.${key}`;
      const problem = checkText ? unstorableText(key) : undefined;
      if (problem) throw badRequest(`${field}: the key ${problem}`, field);
      stack.push({ value: item, path: field, depth: depth + 1 });
    }
  }
}

/** Replaces Fastify's JSON parser with the exact one for every route (a scope may override it). */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    rawBodies.set(request, text);
    if (SUSPECT_ESCAPE.test(text)) suspectBodies.add(request);
    if (text.trim() === '') {
      return done(badRequest("body: empty, but the content-type is application/json; send a JSON document or no content-type", 'body'), undefined);
    }
    try {
      // The route wrapper checks the text against the route's own rule (some routes clean it instead).
      done(null, parseJsonBody(text, { text: 'kept' }));
    } catch (error) {
      if (error instanceof SyntaxError) return done(badRequest(`body: not valid JSON: ${error.message}`, 'body'), undefined);
      done(error as Error, undefined);
    }
  });
}
