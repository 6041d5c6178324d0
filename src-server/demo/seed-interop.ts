import { STANDARD_EVENTS } from '../../src-shared/schemas/interop.js';
import type { Queryable } from '../db/database.js';
import { MONEY_RULES } from '../interop/event-writer.js';
import { nativeEvent, pluginErrorEvent, standardEvent, type NativeEvent } from './interop-data.js';
import type { DemoPlugin } from './plugins-data.js';
import type { Random } from './random.js';
import { DEMO_MERCHANT_ID } from './tokens.js';

export const DEMO_INTEROP_EVENT_COUNT = 600;
const DISPATCH_FAILURES = [
  'canceling statement due to lock timeout',
  'could not serialize access due to concurrent update',
  'rules engine unavailable: connection terminated unexpectedly',
];

// Events are normalized by the same SQL function, with the same money rules, as the ingestion path;
// an event the rules refuse is stored failed with the rule's error, as ingestion would store it.
const INSERT_EVENTS = `
INSERT INTO plugin_interop_events
  (plugin_id, platform, source_event, normalized_event, mapping_id, raw_payload, normalized_payload, status, error,
   attempts, external_id, occurred_at, received_at, processed_at)
SELECT r.plugin_id, r.platform, r.source_event, n.event, m.id, r.raw_payload, z.normalized,
       CASE WHEN z.error IS NOT NULL THEN 'failed' ELSE r.status END,
       COALESCE(z.error, r.error), r.attempts, r.external_id, r.occurred_at, r.received_at,
       CASE WHEN z.error IS NULL THEN r.processed_at END
  FROM jsonb_populate_recordset(NULL::plugin_interop_events, $1::jsonb) r
  LEFT JOIN interop_event_mappings m ON m.platform = r.platform AND m.source_event = r.source_event AND m.active
 CROSS JOIN LATERAL (SELECT COALESCE(m.normalized_event, r.normalized_event) AS event) n
 CROSS JOIN LATERAL normalize_interop_payload(r.raw_payload, m.field_mapping, n.event, $2::text[], $3::jsonb) z`;

/**
 * ≈600 interop events over the last 30 days: mapped native events (processed), native events with
 * no mapping yet (unmapped), standard events passed through, and plugin errors (a few whose
 * dispatch failed, waiting for a retry).
 */
export async function seedInteropEvents(db: Queryable, rng: Random, plugins: DemoPlugin[], now: number): Promise<number> {
  const { rows: mappings } = await db.query<{ platform: string; source_event: string }>(
    'SELECT platform, source_event FROM interop_event_mappings WHERE active',
  );
  const mapped = new Set(mappings.map((m) => `${m.platform}\n${m.source_event}`));
  const standard = new Set<string>(STANDARD_EVENTS);
  const demoPlugins = plugins.filter((p) => p.merchant_id === DEMO_MERCHANT_ID);
  const rows = [];
  for (let i = 0; i < DEMO_INTEROP_EVENT_COUNT; i++) {
    const plugin = rng.chance(0.15) ? rng.pick(demoPlugins) : rng.pick(plugins);
    const kind = rng.weighted({ native: 84, standard: 6, error: 10 });
    const event: NativeEvent =
      kind === 'native' ? nativeEvent(rng, plugin.cms) : kind === 'standard' ? standardEvent(rng) : pluginErrorEvent(rng, plugin);
    // Recent days are busier than older ones.
    const age = Math.floor(rng.next() ** 1.6 * 30 * 86_400_000);
    const receivedAt = now - age - rng.int(1, 60) * 1000;
    const failed = kind === 'error' && rng.chance(0.25);
    const known = mapped.has(`${plugin.cms}\n${event.event_type}`) || standard.has(event.event_type);
    rows.push({
      plugin_id: plugin.id,
      platform: plugin.cms,
      source_event: event.event_type,
      normalized_event: standard.has(event.event_type) ? event.event_type : null,
      raw_payload: event.payload,
      status: failed ? 'failed' : known ? 'processed' : 'unmapped',
      error: failed ? rng.pick(DISPATCH_FAILURES) : null,
      attempts: failed ? rng.int(1, 3) : 1,
      external_id: event.event_id,
      occurred_at: new Date(receivedAt - rng.int(50, 4000)).toISOString(),
      received_at: new Date(receivedAt).toISOString(),
      processed_at: known && !failed ? new Date(receivedAt + rng.int(2, 80)).toISOString() : null,
    });
  }
  await db.query(INSERT_EVENTS, [JSON.stringify(rows), ...MONEY_RULES]);
  return rows.length;
}
