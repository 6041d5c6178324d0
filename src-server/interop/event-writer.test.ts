import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { openTestDatabase, testBackends } from '../testing/harness.js';
import { createEventWriter, encodeEvent, type EncodedEvent } from './event-writer.js';

describe.each(testBackends())('the batch event writer on %s', (backend) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(backend));
    await db.query(`INSERT INTO plugins (id, merchant_id, cms, cms_version, plugin_version) VALUES ('w-1', 'm', 'shopify', '1', '1')`);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const event = (payload: Record<string, unknown>, externalId: string | null = null) =>
    encodeEvent({ pluginId: 'w-1', platform: 'shopify', eventType: 'orders/paid', payload, externalId, occurredAt: null });

  it('stores a batch with one statement and reports each row', async () => {
    const write = createEventWriter(db);
    const events = [event({ id: 1, total_price: '5', currency: 'USD' }), event({ id: 2 }, 'x-1'), event({ id: 3 }, 'x-1')];
    const results = await write(events);
    const normalized = { order_id: '1', amount: '5.00', amount_minor: 500, currency: 'USD' };
    // The second event has no money: it is stored, as failed, with the field named.
    const refused = { status: 'failed', normalized_event: 'payment.succeeded', normalized_payload: { order_id: '2' }, error: 'amount: missing (the payload has no "total_price")' };
    expect(results).toEqual([
      { id: events[0]!.id, status: 'processed', normalized_event: 'payment.succeeded', normalized_payload: normalized, error: null, duplicate: false },
      { id: events[1]!.id, ...refused, duplicate: false },
      { id: events[1]!.id, ...refused, duplicate: true },
    ]);
    const { rows } = await db.query<{ normalized_payload: unknown }>('SELECT normalized_payload FROM plugin_interop_events WHERE id = $1', [events[0]!.id]);
    expect(rows[0]!.normalized_payload).toEqual(normalized);
  });

  it("stores the payload from the request's text, every digit kept, and converts nothing else of the body", async () => {
    const write = createEventWriter(db);
    // A number no double holds, outside the payload, would overflow PostgreSQL's numeric if converted.
    const bodyText = '{"plugin_id":"w-1","extra":1e1000000,"payload":{"id":820982911946154508,"total_price":"403.00","currency":"USD","x":0.1000000000000000055511151231257827}}';
    const encoded = encodeEvent({ pluginId: 'w-1', platform: 'shopify', eventType: 'orders/paid', payload: {}, bodyText, externalId: null, occurredAt: null });
    const [result] = await write([encoded]);
    expect(result).toMatchObject({ status: 'processed', normalized_payload: { order_id: '820982911946154508', amount: '403.00', amount_minor: 40300 } });
    const { rows } = await db.query<{ raw: string }>('SELECT raw_payload::text AS raw FROM plugin_interop_events WHERE id = $1', [encoded.id]);
    expect(rows[0]!.raw).toContain('"id": 820982911946154508');
    expect(rows[0]!.raw).toContain('"x": 0.1000000000000000055511151231257827');
  });

  it('isolates an event the database refuses, so the rest of the batch is still stored', async () => {
    const write = createEventWriter(db);
    const good = event({ id: 10 });
    const other = event({ id: 11 });
    // Text PostgreSQL cannot hold in jsonb, as if it had slipped past validation.
    const refused = event({ note: 'x' });
    const bad: EncodedEvent = { ...refused, json: refused.json.replace('"x"', '"\\u0000"') };
    const results = await write([good, bad, other]);
    expect(results[0]).toMatchObject({ id: good.id, duplicate: false });
    expect(results[2]).toMatchObject({ id: other.id, duplicate: false });
    expect(results[1]).toBeInstanceOf(HttpError);
    expect((results[1] as HttpError).statusCode).toBe(400);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM plugin_interop_events WHERE id = ANY($1::uuid[])', [[good.id, bad.id, other.id]]);
    expect(rows[0]!.n).toBe(2);
  });
});
