import type { InteropEventStatus } from '../../src-shared/schemas/interop.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { proposeForPluginError } from '../autoheal/plugin-errors.js';
import { getPlugin } from '../plugins/repository.js';

/** How the dispatch of one event ended. */
export interface DispatchOutcome {
  status: InteropEventStatus;
  /** Healing proposals created from a `plugin.error`. */
  proposals: string[];
  error?: string;
}

/** The event as a claim locked (and, for a retry, re-normalized) it inside the dispatch transaction. */
export interface ClaimedEvent {
  plugin_id: string;
  status: InteropEventStatus;
  normalized_event: string | null;
  normalized_payload: Record<string, unknown> | null;
}

/** Locks the event for dispatch; null when another worker has it or it no longer needs dispatch. */
export type Claim = (tx: Queryable, eventId: string) => Promise<ClaimedEvent | null>;
/** Records a failed dispatch (the dispatch transaction has rolled back). */
export type RecordFailure = (db: Queryable, eventId: string, error: string) => Promise<void>;

const MAX_MESSAGE = 4000;
const MAX_ERROR_TEXT = 2000;

/** The error text of a `plugin.error` payload: `message`, else `error`, else the whole payload. */
export function errorMessageOf(payload: Record<string, unknown>): string {
  const value = payload.message ?? payload.error ?? payload;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_MESSAGE ? text.slice(0, MAX_MESSAGE) : text;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text || 'dispatch failed').slice(0, MAX_ERROR_TEXT);
}

/**
 * Dispatches a `plugin.error` event to the auto-healing engine, which matches the error against
 * the platform's active rules and proposes patches. The event row is locked for the whole
 * dispatch, in the same transaction as the proposals and the `processed` mark, so a concurrent
 * retry cannot dispatch it twice and a crash leaves it undispatched rather than half done. When
 * dispatch throws, `recordFailure` keeps the event as `failed` with the error text, ready for a
 * retry. Returns null when `claim` found nothing to do.
 */
export async function dispatchPluginError(
  ctx: ServerContext,
  eventId: string,
  claim: Claim,
  recordFailure: RecordFailure,
): Promise<DispatchOutcome | null> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const event = await claim(tx, eventId);
      if (!event) return null;
      if (event.normalized_event !== 'plugin.error') return { status: event.status, proposals: [] };
      const plugin = await getPlugin(tx, event.plugin_id);
      const proposals = await proposeForPluginError(tx, ctx, {
        plugin,
        message: errorMessageOf(event.normalized_payload ?? {}),
        excerpt: event.normalized_payload?.excerpt,
        source: `interop:${eventId}`,
      });
      await tx.query(`UPDATE plugin_interop_events SET status = 'processed', error = NULL, processed_at = now() WHERE id = $1`, [eventId]);
      return { status: 'processed' as const, proposals };
    });
  } catch (error) {
    const text = describe(error);
    ctx.log.warn({ err: error, eventId }, 'interop event dispatch failed');
    await recordFailure(ctx.db, eventId, text);
    return { status: 'failed', proposals: [], error: text };
  }
}

/** Claims a freshly stored `plugin.error` (status `received`) for its first dispatch. */
export const claimReceived: Claim = async (tx, eventId) => {
  const { rows } = await tx.query<ClaimedEvent>(
    `SELECT plugin_id, status, normalized_event, normalized_payload FROM plugin_interop_events
      WHERE id = $1 AND status = 'received' FOR UPDATE`,
    [eventId],
  );
  return rows[0] ?? null;
};

/** Marks a first dispatch failed, unless someone has processed the event meanwhile. */
export const recordFirstFailure: RecordFailure = async (db, eventId, error) => {
  await db.query(`UPDATE plugin_interop_events SET status = 'failed', error = $2 WHERE id = $1 AND status <> 'processed'`, [eventId, error]);
};
