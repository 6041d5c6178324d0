import type { z } from 'zod';
import type { InteropEvent, InteropEventListQuerySchema, InteropStats } from '../../src-shared/schemas/interop.js';
import type { Queryable } from '../db/database.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { notFound } from '../http/errors.js';
import { JsonText } from '../http/route.js';

type ListQuery = z.output<typeof InteropEventListQuerySchema>;

// The payloads are read as PostgreSQL writes them and passed through as JSON text: parsed into
// JavaScript numbers, an id beyond 2^53 (a Shopify order id) would come back rounded.
const EVENT_COLUMNS = `e.id, e.plugin_id, e.platform, e.source_event, e.normalized_event, e.mapping_id,
       e.raw_payload::text AS raw_payload_json, e.normalized_payload::text AS normalized_payload_json,
       e.status, e.error, e.attempts, e.external_id, e.occurred_at, e.received_at, e.processed_at`;

type EventRow = Omit<InteropEvent, 'raw_payload' | 'normalized_payload'> & { raw_payload_json: string; normalized_payload_json: string | null };

/** One event as JSON text, its payloads spliced in verbatim. */
function eventJson({ raw_payload_json: raw, normalized_payload_json: normalized, ...fields }: EventRow): string {
  return `${JSON.stringify(fields).slice(0, -1)},"raw_payload":${raw},"normalized_payload":${normalized ?? 'null'}}`;
}

// The cursor carries received_at in whole microseconds: ISO strings stop at milliseconds, and
// rows that differ below that would be skipped or repeated between pages.
const LIST_EVENTS = `
SELECT ${EVENT_COLUMNS}, (extract(epoch FROM e.received_at) * 1000000)::int8 AS cursor_us
  FROM plugin_interop_events e
 WHERE ($1::text IS NULL OR e.platform = $1)
   AND ($2::text IS NULL OR e.status = $2)
   AND ($3::text IS NULL OR e.normalized_event = $3)
   AND ($4::text IS NULL OR e.source_event = $4)
   AND ($5::text IS NULL OR e.plugin_id = $5)
   AND ($6::timestamptz IS NULL OR e.received_at >= $6)
   AND ($7::timestamptz IS NULL OR e.received_at < $7)
   AND ($8::text IS NULL OR e.plugin_id IN (SELECT id FROM plugins WHERE merchant_id = $8))
   AND ($9::int8 IS NULL OR (e.received_at, e.id) < (timestamptz 'epoch' + $9::int8 * interval '1 microsecond', $10::uuid))
 ORDER BY e.received_at DESC, e.id DESC
 LIMIT $11`;

/** A page of events, newest first; `merchantId` restricts it to that merchant's plugins. */
export async function listEvents(db: Queryable, query: ListQuery, merchantId: string | null): Promise<JsonText> {
  const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.microsAndId) : null;
  const { rows } = await db.query<EventRow & { cursor_us: number }>(LIST_EVENTS, [
    query.platform ?? null,
    query.status ?? null,
    query.normalized_event ?? null,
    query.source_event ?? null,
    query.plugin_id ?? null,
    query.since ?? null,
    query.until ?? null,
    merchantId,
    after?.[0] ?? null,
    after?.[1] ?? null,
    query.limit + 1,
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const items = page.map(({ cursor_us: _cursor, ...event }) => eventJson(event));
  const nextCursor = rows.length > query.limit && last ? encodeCursor([last.cursor_us, last.id]) : null;
  return new JsonText(`{"items":[${items.join(',')}],"next_cursor":${JSON.stringify(nextCursor)}}`);
}

/** One event, or 404; `merchantId` restricts it to that merchant's plugins (another's is a 404 too). */
export async function getEvent(db: Queryable, id: string, merchantId: string | null): Promise<JsonText> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM plugin_interop_events e
      WHERE e.id = $1 AND ($2::text IS NULL OR e.plugin_id IN (SELECT id FROM plugins WHERE merchant_id = $2))`,
    [id, merchantId],
  );
  if (!rows[0]) throw notFound('interop event', id);
  return new JsonText(eventJson(rows[0]));
}

const STATS = `
WITH recent AS (
  SELECT platform, status, normalized_event, source_event
    FROM plugin_interop_events
   WHERE received_at > now() - make_interval(days => $1)
)
SELECT
  (SELECT count(*) FROM recent) AS total,
  COALESCE((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM recent GROUP BY status) s), '{}'::jsonb) AS by_status,
  COALESCE((SELECT jsonb_object_agg(platform, n) FROM (SELECT platform, count(*) AS n FROM recent GROUP BY platform) s), '{}'::jsonb) AS by_platform,
  COALESCE((SELECT jsonb_object_agg(normalized_event, n) FROM (
     SELECT normalized_event, count(*) AS n FROM recent WHERE normalized_event IS NOT NULL GROUP BY normalized_event) s), '{}'::jsonb)
    AS by_normalized_event,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('platform', platform, 'source_event', source_event, 'count', n)) FROM (
     SELECT platform, source_event, count(*) AS n FROM recent WHERE status = 'unmapped'
      GROUP BY platform, source_event ORDER BY n DESC, platform, source_event LIMIT 20) s), '[]'::jsonb) AS top_unmapped`;

/** Counts of the events received in the last `days` days, by status, platform and standard event. */
export async function interopStats(db: Queryable, days: number): Promise<InteropStats> {
  const { rows } = await db.query<Omit<InteropStats, 'days' | 'processed' | 'unmapped' | 'failed' | 'received' | 'failure_rate'>>(STATS, [days]);
  const row = rows[0]!;
  const of = (status: string) => row.by_status[status] ?? 0;
  const failed = of('failed');
  return {
    days,
    ...row,
    processed: of('processed'),
    unmapped: of('unmapped'),
    failed,
    received: of('received'),
    failure_rate: row.total === 0 ? null : Math.round((10_000 * failed) / row.total) / 100,
  };
}
