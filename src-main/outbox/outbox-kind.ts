import type { z } from 'zod';
import type { Repositories } from '../cache/repositories/index.js';
import type { OutboxEntry } from '../cache/repositories/outbox-repo.js';
import type { LocalRow } from '../cache/repositories/pending-states.js';

/** What every queued decision carries: the action it takes (the rest is the kind's). */
export interface KindDecision {
  action: string;
}

/** A queued decision, as its kind reads it. */
export type KindItem<D extends KindDecision> = Omit<OutboxEntry, 'decision'> & { decision: D };

/** The HTTP request that sends one decision. */
export interface PushRequest<A> {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** The answer's schema (the client parses it). */
  schema: z.ZodType<A>;
  /** Sent as If-Match: the version of the row the decision was taken on, when the route checks one. */
  ifMatch: number | undefined;
  /** Sent as Idempotency-Key: the key made when the decision was taken, reused for every send. */
  idempotencyKey: string;
}

/** What a 409 means for one decision. */
export type ConflictReading =
  /** The server already holds what the decision asked for: cache its row, nothing to resolve. */
  | { kind: 'already_done'; cache: (repos: Repositories) => void }
  /** The row moved on: a conflict for the user, with the server's row when it sent one. */
  | { kind: 'conflict'; theirs: Record<string, unknown> | null };

/** A conflict as its kind resolves it. */
export interface ConflictContext<D extends KindDecision> {
  repos: Repositories;
  targetId: string;
  /** The decision the server refused, and the version it was taken on. */
  mine: { decision: D; baseVersion: number };
  /** The server's row the 409 carried (unchecked), if any. */
  theirs: Record<string, unknown> | null;
  /** The version of the cached target now (undefined when it is not cached). */
  cachedVersion: number | undefined;
  /** Queues mine again on `baseVersion`, at the end of the queue with a new idempotency key. */
  requeue(baseVersion: number): number;
}

/** How each choice the user has on a conflict resolves; returns the outbox id of a requeued decision. */
export interface ConflictResolutions<D extends KindDecision> {
  keep_mine(context: ConflictContext<D>): number | null;
  take_theirs(context: ConflictContext<D>): number | null;
  discard(context: ConflictContext<D>): number | null;
}

/**
 * One kind of decision the console queues offline, registered with the outbox (see OutboxKinds).
 * The pusher, the repositories and the services only ever call these members: they never ask
 * which kind an item is.
 */
export interface OutboxKind<D extends KindDecision = KindDecision, A = unknown> extends LocalRow {
  /** The target key stored with each item and conflict (`outbox.kind`). */
  readonly kind: string;
  /** The cached table whose row shows the decision as pending (`id` and `local_state` columns). */
  readonly localTable: LocalRow['localTable'];
  /** Names a target in messages and logs. */
  describe(targetId: string): string;
  /** The cached version of the target (what a decision is taken on), undefined when not cached. */
  cachedVersion(repos: Repositories, targetId: string): number | undefined;
  /** How a decision is sent. */
  push(item: KindItem<D>): PushRequest<A>;
  /** The cache writes that record the server's answer (in the transaction that drops the item). */
  cacheAnswer(repos: Repositories, item: KindItem<D>, answer: A): void;
  /** Reads a 409's `details.current`. */
  readConflict(item: KindItem<D>, current: unknown): ConflictReading;
  readonly resolutions: ConflictResolutions<D>;
}

/** Types a kind's module (its decisions and answer) and widens it for the registry. */
export function defineOutboxKind<D extends KindDecision, A>(kind: OutboxKind<D, A>): OutboxKind {
  return kind;
}

/** A 409 that is a conflict, with the server's row when it sent an object. */
export function conflictWith(current: unknown): ConflictReading {
  return { kind: 'conflict', theirs: current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : null };
}

/**
 * The resolutions of a kind whose target is a versioned server row: keep mine queues the decision
 * again on the version the server has now (theirs, else the cached row, else the old base); take
 * theirs caches the server's row when the 409 carried a valid one (else the next sync brings it);
 * discard drops mine.
 */
export function versionedRowResolutions<D extends KindDecision, R extends { version: number }>(row: {
  schema: z.ZodType<R>;
  cache(repos: Repositories, row: R, json: string): void;
}): ConflictResolutions<D> {
  const parse = (value: unknown): R | undefined => {
    const parsed = row.schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  return {
    keep_mine: ({ mine, theirs, cachedVersion, requeue }) => requeue(parse(theirs)?.version ?? cachedVersion ?? mine.baseVersion),
    take_theirs: ({ repos, theirs }) => {
      const server = parse(theirs);
      if (server) row.cache(repos, server, JSON.stringify(theirs));
      return null;
    },
    discard: () => null,
  };
}
