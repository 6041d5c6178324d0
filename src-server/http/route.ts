import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuditAction } from '../../src-shared/domain/audit-actions.js';
import type { Role } from '../../src-shared/domain/roles.js';
import type { Database, Queryable } from '../db/database.js';
import { requireRole, type Principal, type TokenAuthenticator } from './auth.js';
import { HttpError, badRequest, conflict } from './errors.js';
import { bodyMayHoldUnstorableText, checkStorable, rawBodyText } from './json-body.js';

/** What every handler receives. `db` is a transaction for mutations, the database for reads. */
export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  principal: Principal;
  db: Queryable;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The row version the caller decided on (`If-Match`), when it sent one. */
  ifMatch: number | undefined;
  /** Writes the audit log in the same transaction as the change. */
  audit(entry: AuditEntry): Promise<void>;
  /** Runs `fn` once the transaction has committed (nudges, metrics). */
  afterCommit(fn: () => void): void;
}

export interface AuditEntry {
  /** One of the codes in src-shared/domain/audit-actions.ts (the console words each as a sentence). */
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

export interface RouteSpec<BS extends z.ZodType, QS extends z.ZodType, PS extends z.ZodType, RS extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  /** Roles allowed to call; admin passes every staff check. */
  roles: readonly Role[];
  body?: BS;
  query?: QS;
  params?: PS;
  response: RS;
  /** Success status (default 200). */
  status?: number;
  /**
   * Mutations run in one transaction with their audit rows and, when the caller sends an
   * `Idempotency-Key`, with the stored first answer. Hot ingestion endpoints that batch their own
   * writes set this to false.
   */
  transactional?: boolean;
  /**
   * The version of the row the answer is about, sent as its `ETag` so a client can send it back in
   * `If-Match`. By default the answer's own `version` field, when it has one.
   */
  etag?: (result: z.output<RS>) => number | undefined;
  /**
   * What happens to text PostgreSQL cannot store (NUL, lone surrogates) in the body: refused with a
   * 400 naming the field (the default), or 'cleaned' by the handler itself (SDK telemetry, which
   * must never fail a merchant's call over an error message it quotes).
   */
  unstorableText?: 'refused' | 'cleaned';
}

export interface RouteDescriptor {
  method: string;
  url: string;
  summary: string;
  tags: string[];
  roles: readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
  status: number;
  idempotent: boolean;
  /** The answer carries an `ETag` of a row version (see RouteSpec.etag). */
  etag?: 'own-version' | 'declared';
}

export interface RouterDeps {
  db: Database;
  auth: TokenAuthenticator;
  /** Every registered route, for the OpenAPI document. */
  registry: RouteDescriptor[];
  /** Parse every response against its schema (tests and development). */
  checkResponses: boolean;
}

/**
 * A response body already serialized (a read that passes stored JSON text through instead of parsing
 * and re-serializing it). Only for reads: mutations store their answer for Idempotency-Key replays.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

class Replay {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

function parseInput<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // An unknown key is named as the field it would be, not as the object that holds it.
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  const field = [where, ...path.map(String)].join('.');
  throw badRequest(`${field}: ${issue.message}`, field, result.error.issues.slice(0, 10));
}

function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0]! : header;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value.trim());
  if (!match) throw badRequest('If-Match must be the row version, e.g. "3"', 'headers.if-match');
  return Number(match[1]);
}

/** Registers a route whose inputs are parsed by zod schemas from src-shared, behind role checks. */
export function defineRoute<BS extends z.ZodType, QS extends z.ZodType, PS extends z.ZodType, RS extends z.ZodType>(
  app: FastifyInstance,
  deps: RouterDeps,
  spec: RouteSpec<BS, QS, PS, RS>,
  handler: (ctx: RouteContext<z.output<BS>, z.output<QS>, z.output<PS>>) => Promise<z.input<RS> | JsonText>,
): void {
  const status = spec.status ?? 200;
  const mutation = spec.method !== 'GET';
  const transactional = mutation && spec.transactional !== false;
  deps.registry.push({ ...spec, status, idempotent: transactional, etag: spec.etag ? 'declared' : hasOwnVersion(spec.response) ? 'own-version' : undefined });

  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      const principal = await deps.auth.authenticate(request);
      requireRole(principal, spec.roles);
      // Text PostgreSQL cannot hold (NUL, lone surrogates) is refused before any schema or SQL sees it.
      checkStorable(request.params, 'params');
      checkStorable(request.query, 'query');
      if (spec.unstorableText !== 'cleaned' && bodyMayHoldUnstorableText(request)) checkStorable(request.body, 'body');
      const params = parseInput(spec.params, request.params, 'params');
      const query = parseInput(spec.query, request.query, 'query');
      const body = parseInput(spec.body, request.body, 'body');
      const ifMatch = parseIfMatch(request.headers['if-match']);
      const after: Array<() => void> = [];
      const makeContext = (db: Queryable): RouteContext<z.output<BS>, z.output<QS>, z.output<PS>> => ({
        body,
        query,
        params,
        principal,
        db,
        request,
        reply,
        ifMatch,
        afterCommit: (fn) => after.push(fn),
        audit: (entry) => writeAudit(db, principal, entry),
      });

      let result: unknown;
      let code = status;
      if (!transactional) {
        result = await handler(makeContext(deps.db));
      } else {
        const key = headerValue(request.headers['idempotency-key']);
        if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
          throw badRequest('Idempotency-Key must be 8-200 characters of letters, digits, ".", "_", ":" or "-"', 'headers.idempotency-key');
        }
        const route = `${spec.method} ${request.url.split('?')[0]}`;
        // The body's own text: hashing it needs no walk over a client-built structure.
        const bodyText = rawBodyText(request) ?? (Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body ?? null));
        const requestHash = createHash('sha256').update(route).update(bodyText).digest('hex');
        try {
          result = await deps.db.transaction(async (tx) => {
            // A transaction PostgreSQL aborted (deadlock) runs again: what the aborted attempt
            // scheduled for after the commit must not run.
            after.length = 0;
            if (key !== undefined) {
              const claimed = await tx.query(
                `INSERT INTO idempotency_keys (token_id, key, route, request_hash, status_code, response)
                 VALUES ($1, $2, $3, $4, 0, 'null') ON CONFLICT DO NOTHING RETURNING key`,
                [principal.tokenId, key, route, requestHash],
              );
              if (claimed.rowCount === 0) {
                const { rows } = await tx.query<{ request_hash: string; status_code: number; response: unknown }>(
                  'SELECT request_hash, status_code, response FROM idempotency_keys WHERE token_id = $1 AND key = $2',
                  [principal.tokenId, key],
                );
                const stored = rows[0]!;
                if (stored.request_hash !== requestHash) {
                  throw conflict('idempotency_key_reused', 'this Idempotency-Key was used for a different request');
                }
                throw new Replay(stored.status_code, stored.response);
              }
            }
            const value = await handler(makeContext(tx));
            if (key !== undefined) {
              await tx.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE token_id = $1 AND key = $2', [
                principal.tokenId,
                key,
                status,
                JSON.stringify(value),
              ]);
            }
            return value;
          });
        } catch (error) {
          if (!(error instanceof Replay)) throw error;
          after.length = 0;
          reply.header('idempotent-replayed', 'true');
          result = error.body;
          code = error.status;
        }
      }
      for (const fn of after) fn();
      if (result instanceof JsonText) {
        if (transactional) throw new Error(`${spec.method} ${spec.url} answered with pre-serialized JSON, which only reads may do`);
        if (deps.checkResponses) checkResponse(spec, JSON.parse(result.text));
        return reply.code(code).type('application/json; charset=utf-8').send(result.text);
      }
      if (deps.checkResponses && code === status) checkResponse(spec, result);
      if (code === status) setEtag(reply, spec.etag ? spec.etag(result as z.output<RS>) : ownVersion(result));
      return reply.code(code).send(result);
    },
  });
}

function checkResponse(spec: { method: string; url: string; response: z.ZodType }, result: unknown): void {
  const check = spec.response.safeParse(result);
  if (!check.success) {
    throw new Error(`response of ${spec.method} ${spec.url} breaks its schema: ${check.error.message}`);
  }
}

function hasOwnVersion(schema: z.ZodType): boolean {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && 'version' in shape;
}

function ownVersion(result: unknown): number | undefined {
  const version = (result as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? version : undefined;
}

/** A strong ETag of the row version, the form `If-Match` takes back. */
function setEtag(reply: FastifyReply, version: number | undefined): void {
  if (version !== undefined && Number.isSafeInteger(version)) reply.header('etag', `"${version}"`);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Inserts one audit row for a caller of the API: who, which role, what, before, after. */
export function writeAudit(db: Queryable, principal: Principal, entry: AuditEntry): Promise<void> {
  return writeAuditRow(db, { id: principal.tokenId, name: principal.name, role: principal.role }, entry);
}

/** Inserts one audit row for any actor, a caller or the system (the time is the row's default). */
export async function writeAuditRow(db: Queryable, actor: { id: string; name: string; role: string }, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_name, actor_role, action, entity_type, entity_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.id,
      actor.name,
      actor.role,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

export { HttpError };
