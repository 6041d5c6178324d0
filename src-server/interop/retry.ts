import { STANDARD_EVENTS, type InteropEventStatus, type InteropRetryResult } from '../../src-shared/schemas/interop.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { claimReceived, dispatchPluginError, recordFirstFailure, type Claim, type ClaimedEvent, type RecordFailure } from './dispatch.js';
import { MONEY_RULES } from './event-writer.js';

// What a retry may take: failed events, unmapped ones that now have a mapping (or a standard
// name), and `received` ones whose dispatch was cut short (a live dispatch finishes in far less
// than a minute). $2 is the list of standard event names.
const RETRYABLE = `(c.status = 'failed'
  OR (c.status = 'unmapped' AND (c.source_event = ANY($2::text[]) OR EXISTS (
        SELECT 1 FROM interop_event_mappings m
         WHERE m.platform = c.platform AND m.source_event = c.source_event AND m.active)))
  OR (c.status = 'received' AND c.received_at < now() - interval '1 minute'))`;

const NEXT_EVENT = `COALESCE(m.normalized_event, CASE WHEN c.source_event = ANY($2::text[]) THEN c.source_event END)`;

const FIND_CANDIDATES = `
SELECT c.id, ${NEXT_EVENT} AS next_event
  FROM plugin_interop_events c
  LEFT JOIN interop_event_mappings m ON m.platform = c.platform AND m.source_event = c.source_event AND m.active
 WHERE ${RETRYABLE} AND ($1::uuid[] IS NULL OR c.id = ANY($1::uuid[]))
 ORDER BY c.received_at, c.id
 LIMIT $3`;

/**
 * Normalizes the events $1 again with today's mappings and money rules ($5, $6: see MONEY_RULES)
 * and counts an attempt. Only rows still retryable and not locked by another worker are touched.
 * A `plugin.error` gets status $3 (it still has to be dispatched, or its dispatch failed) and
 * error $4; other events are final here (`processed`, or `failed` with the field the money rules
 * refused).
 */
const RENORMALIZE = `
WITH locked AS (
  SELECT c.id FROM plugin_interop_events c
   WHERE c.id = ANY($1::uuid[]) AND ${RETRYABLE}
     FOR UPDATE OF c SKIP LOCKED
), next AS (
  SELECT c.id, m.id AS mapping_id, n.event, z.normalized, z.error AS refusal
    FROM plugin_interop_events c
    JOIN locked USING (id)
    LEFT JOIN interop_event_mappings m ON m.platform = c.platform AND m.source_event = c.source_event AND m.active
   CROSS JOIN LATERAL (SELECT ${NEXT_EVENT} AS event) n
   CROSS JOIN LATERAL normalize_interop_payload(c.raw_payload, m.field_mapping, n.event, $5::text[], $6::jsonb) z
)
UPDATE plugin_interop_events e
   SET normalized_event = next.event,
       mapping_id = next.mapping_id,
       normalized_payload = next.normalized,
       status = CASE WHEN next.event IS NULL THEN 'unmapped' WHEN next.refusal IS NOT NULL THEN 'failed'
                     WHEN next.event = 'plugin.error' THEN $3 ELSE 'processed' END,
       error = CASE WHEN next.refusal IS NOT NULL THEN next.refusal WHEN next.event = 'plugin.error' THEN $4 END,
       attempts = e.attempts + 1,
       processed_at = CASE WHEN next.event IS NOT NULL AND next.event <> 'plugin.error' AND next.refusal IS NULL THEN now() END
  FROM next
 WHERE e.id = next.id
RETURNING e.id, e.plugin_id, e.status, e.normalized_event, e.normalized_payload`;

type Renormalized = ClaimedEvent & { id: string };

function renormalize(db: Queryable, ids: string[], errorStatus: InteropEventStatus, error: string | null) {
  return db.query<Renormalized>(RENORMALIZE, [ids, STANDARD_EVENTS, errorStatus, error, ...MONEY_RULES]);
}

const claimForRetry: Claim = async (tx, eventId) => (await renormalize(tx, [eventId], 'received', null)).rows[0] ?? null;

// The dispatch transaction rolled back (its attempt count with it), so the failure counts the
// attempt itself; an event another worker processed meanwhile is left alone.
const recordRetryFailure: RecordFailure = async (db, eventId, error) => {
  await db.query(
    `UPDATE plugin_interop_events SET status = 'failed', error = $2, attempts = attempts + 1
      WHERE id = $1 AND status <> 'processed'`,
    [eventId, error],
  );
};

/**
 * Processes retryable events again (see RETRYABLE): events that are not `plugin.error` are
 * normalized and settled by one statement; each `plugin.error` is dispatched in its own
 * transaction. Rows another worker holds are skipped, so concurrent retries never process an
 * event twice.
 */
export async function retryEvents(ctx: ServerContext, options: { eventIds?: string[]; limit: number }): Promise<InteropRetryResult> {
  const { rows: candidates } = await ctx.db.query<{ id: string; next_event: string | null }>(FIND_CANDIDATES, [
    options.eventIds ?? null,
    STANDARD_EVENTS,
    options.limit,
  ]);
  const result: InteropRetryResult = { retried: 0, processed: 0, still_failed: 0, still_unmapped: 0 };
  const count = (status: InteropEventStatus) => {
    result.retried++;
    if (status === 'processed') result.processed++;
    else if (status === 'unmapped') result.still_unmapped++;
    else result.still_failed++;
  };

  const plain = candidates.filter((c) => c.next_event !== 'plugin.error').map((c) => c.id);
  const errors = candidates.filter((c) => c.next_event === 'plugin.error').map((c) => c.id);
  if (plain.length > 0) {
    const settled = await renormalize(ctx.db, plain, 'received', null);
    for (const row of settled.rows) {
      // Its mapping became a plugin.error since the candidates were read: the attempt is counted
      // and the event waits as `received`, so it takes the first-dispatch path.
      if (row.normalized_event !== 'plugin.error') count(row.status);
      else {
        const outcome = await dispatchPluginError(ctx, row.id, claimReceived, recordFirstFailure);
        if (outcome) count(outcome.status);
      }
    }
  }
  for (const id of errors) {
    const outcome = await dispatchPluginError(ctx, id, claimForRetry, recordRetryFailure);
    if (outcome) count(outcome.status);
  }
  return result;
}
