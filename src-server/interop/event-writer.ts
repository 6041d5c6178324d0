import { randomUUID } from 'node:crypto';
import { CURRENCY_EXPONENTS } from '../../src-shared/domain/money.js';
import { ORDER_EVENTS, STANDARD_EVENTS, type InteropEventStatus } from '../../src-shared/schemas/interop.js';
import type { Platform } from '../../src-shared/schemas/common.js';
import type { Database } from '../db/database.js';
import { badRequest } from '../http/errors.js';

/** An accepted event, encoded once for the batch statement. */
export interface EncodedEvent {
  id: string;
  pluginId: string;
  externalId: string | null;
  /** The row as JSON text: one element of the batch's recordset. */
  json: string;
}

/** Where a submitted event ended up. */
export interface StoredEvent {
  id: string;
  status: InteropEventStatus;
  normalized_event: string | null;
  normalized_payload: Record<string, unknown> | null;
  /** Why normalization refused the event (status `failed`), naming the field. */
  error: string | null;
  /** The event id was already stored (by an earlier request or one in the same batch). */
  duplicate: boolean;
}

/**
 * Gives the event its id and encodes it as one element of the batch's recordset. `bodyText`, the
 * request's JSON text, goes into the batch as it is (it is JSON already) and PostgreSQL reads the
 * payload from it as jsonb, whose numeric keeps every digit: an id beyond 2^53, which a JavaScript
 * number would round, is stored exactly. Without it (callers inside the server), the payload object
 * is serialized.
 */
export function encodeEvent(input: {
  pluginId: string;
  platform: Platform;
  eventType: string;
  payload: Record<string, unknown>;
  bodyText?: string | undefined;
  externalId: string | null;
  occurredAt: string | null;
}): EncodedEvent {
  const id = randomUUID();
  const row = {
    id,
    plugin_id: input.pluginId,
    platform: input.platform,
    event_type: input.eventType,
    external_id: input.externalId,
    occurred_at: input.occurredAt === null ? null : new Date(input.occurredAt).toISOString(),
  };
  const body = input.bodyText ?? JSON.stringify({ payload: input.payload });
  const json = `${JSON.stringify(row).slice(0, -1)},"body":${body}}`;
  return { id, pluginId: input.pluginId, externalId: input.externalId, json };
}

/** The parameters normalize_interop_payload() takes after the event: the order events and the ISO 4217 exponents. */
export const MONEY_RULES: readonly [readonly string[], string] = [ORDER_EVENTS, JSON.stringify(CURRENCY_EXPONENTS)];

// One statement stores a whole batch: the mapping is joined by its unique (platform, source_event)
// index and the payload normalized by normalize_interop_payload() (migration 0006), so neither
// costs a round trip nor can read a stale copy of a mapping. Standard event names pass through;
// anything else is kept as `unmapped`. A payload that breaks the money rules is `failed` with the
// error naming the field. A `plugin.error` stays `received` until its dispatch has run. The body
// stays json (text) until its payload alone becomes jsonb: numeric keeps every digit, and the rest
// of the body is never converted. (json's operators take the last of duplicate keys, as JSON.parse.)
const INSERT_BATCH = `
INSERT INTO plugin_interop_events
  (id, plugin_id, platform, source_event, normalized_event, mapping_id, raw_payload, normalized_payload,
   status, error, external_id, occurred_at, processed_at)
SELECT r.id, r.plugin_id, r.platform, r.event_type, n.event, m.id, p.payload, z.normalized,
       CASE WHEN z.error IS NOT NULL THEN 'failed' WHEN n.event = 'plugin.error' THEN 'received'
            WHEN n.event IS NOT NULL THEN 'processed' ELSE 'unmapped' END,
       z.error, r.external_id, r.occurred_at,
       CASE WHEN n.event IS NOT NULL AND n.event <> 'plugin.error' AND z.error IS NULL THEN now() END
  FROM json_to_recordset($1::json) AS r(id uuid, plugin_id text, platform text, event_type text, body json,
                                        external_id text, occurred_at timestamptz)
 CROSS JOIN LATERAL (SELECT (r.body -> 'payload')::jsonb AS payload) p
  LEFT JOIN interop_event_mappings m ON m.platform = r.platform AND m.source_event = r.event_type AND m.active
 CROSS JOIN LATERAL (SELECT COALESCE(m.normalized_event, CASE WHEN r.event_type = ANY($2::text[]) THEN r.event_type END) AS event) n
 CROSS JOIN LATERAL normalize_interop_payload(p.payload, m.field_mapping, n.event, $3::text[], $4::jsonb) z
    ON CONFLICT (plugin_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
RETURNING id, status, normalized_event, normalized_payload, error`;

const FIND_EXISTING = `
SELECT e.id, e.status, e.normalized_event, e.normalized_payload, e.error, e.plugin_id, e.external_id
  FROM plugin_interop_events e
  JOIN unnest($1::text[], $2::text[]) AS k(plugin_id, external_id)
    ON e.plugin_id = k.plugin_id AND e.external_id = k.external_id`;

type Row = Omit<StoredEvent, 'duplicate'>;

/** A database error caused by the data itself (bad encoding, out-of-range value, too deep). */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('22') || code === '54001');
}

async function insertBatch(db: Database, events: EncodedEvent[]): Promise<Array<StoredEvent | Error>> {
  const { rows } = await db.query<Row>(INSERT_BATCH, [`[${events.map((e) => e.json).join(',')}]`, STANDARD_EVENTS, ...MONEY_RULES]);
  const inserted = new Map(rows.map((row) => [row.id, row]));
  const conflicting = events.filter((e) => !inserted.has(e.id) && e.externalId !== null);
  const existing = new Map<string, Row>();
  if (conflicting.length > 0) {
    const found = await db.query<Row & { plugin_id: string; external_id: string }>(FIND_EXISTING, [
      conflicting.map((e) => e.pluginId),
      conflicting.map((e) => e.externalId),
    ]);
    for (const { plugin_id: pluginId, external_id: externalId, ...row } of found.rows) existing.set(`${pluginId}\n${externalId}`, row);
  }
  return events.map((event) => {
    const row = inserted.get(event.id);
    if (row) return { ...row, duplicate: false };
    const first = existing.get(`${event.pluginId}\n${event.externalId}`);
    return first ? { ...first, duplicate: true } : new Error(`event ${event.id} was neither stored nor found as a duplicate`);
  });
}

/**
 * Writes a batch of events with one multi-row INSERT (a single statement: it commits as a whole
 * before anyone is answered). Events repeating a platform event id within the batch share the
 * first one's row. If the statement fails on the data, the events are written one by one so that
 * a single bad event cannot fail the others; that event's sender gets a 400.
 */
export function createEventWriter(db: Database): (events: EncodedEvent[]) => Promise<Array<StoredEvent | Error>> {
  const write = async (events: EncodedEvent[]): Promise<Array<StoredEvent | Error>> => {
    const leaders: EncodedEvent[] = [];
    const leaderOf: number[] = [];
    const byKey = new Map<string, number>();
    for (const event of events) {
      const key = event.externalId === null ? null : `${event.pluginId}\n${event.externalId}`;
      const earlier = key === null ? undefined : byKey.get(key);
      if (earlier !== undefined) {
        leaderOf.push(earlier);
        continue;
      }
      if (key !== null) byKey.set(key, leaders.length);
      leaderOf.push(leaders.length);
      leaders.push(event);
    }
    let results: Array<StoredEvent | Error>;
    try {
      results = await insertBatch(db, leaders);
    } catch (error) {
      // Only an event's own data can make the statement fail for it alone; anything else (the
      // database unreachable, say) fails the whole batch.
      if (!isDataError(error)) throw error;
      if (leaders.length === 1) {
        const message = error instanceof Error ? error.message : String(error);
        results = [badRequest(`body.payload: the event could not be stored: ${message}`, 'body.payload')];
      } else {
        results = [];
        for (const leader of leaders) {
          const [one] = await write([leader]).catch((failure: unknown) => [failure instanceof Error ? failure : new Error(String(failure))]);
          results.push(one!);
        }
      }
    }
    const seen = new Set<number>();
    return leaderOf.map((index) => {
      const result = results[index]!;
      if (result instanceof Error || !seen.has(index)) {
        seen.add(index);
        return result;
      }
      return { ...result, duplicate: true };
    });
  };
  return write;
}
