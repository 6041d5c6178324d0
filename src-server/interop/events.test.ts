import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { registerPlugin, sendEvent, storedEvent } from './interop-test-kit.js';

/** A native payload per seeded mapping, and what the mapping must make of it. */
const SEED_CASES = [
  {
    cms: 'woocommerce',
    event: 'woocommerce_checkout_order_processed',
    normalized: 'checkout.created',
    payload: {
      id: 1734,
      parent_id: 0,
      status: 'processing',
      currency: 'XOF',
      total: '55000.00',
      billing: { first_name: 'Awa', last_name: 'Diop', email: 'awa@example.sn', phone: '+221771234567' },
      line_items: [{ id: 88, name: 'Wax fabric', quantity: 2, total: '50000.00' }],
      payment_method: 'molam',
    },
    expected: { order_id: '1734', amount: '55000', amount_minor: 55000, currency: 'XOF' },
  },
  {
    cms: 'woocommerce',
    event: 'woocommerce_payment_complete',
    normalized: 'payment.succeeded',
    payload: { order_id: 1734, total: '55000.00', transaction_id: 'mlm_pi_9f2c', currency: 'XOF' },
    expected: { order_id: '1734', amount: '55000', amount_minor: 55000, currency: 'XOF' },
  },
  {
    cms: 'shopify',
    event: 'orders/create',
    normalized: 'checkout.created',
    payload: {
      id: 5678901234,
      name: '#1042',
      email: 'moussa@example.ci',
      currency: 'XOF',
      total_price: '199000',
      financial_status: 'pending',
      customer: { id: 4401, first_name: 'Moussa' },
    },
    expected: { order_id: '5678901234', amount: '199000', amount_minor: 199000, currency: 'XOF' },
  },
  {
    cms: 'shopify',
    event: 'orders/paid',
    normalized: 'payment.succeeded',
    payload: { id: 5678901234, total_price: '199000', currency: 'XOF', financial_status: 'paid', gateway: 'molam' },
    expected: { order_id: '5678901234', amount: '199000', amount_minor: 199000, currency: 'XOF' },
  },
  {
    cms: 'prestashop',
    event: 'actionValidateOrder',
    normalized: 'checkout.created',
    // An older plugin: `id_order` and the currency's code beside its id.
    payload: { id_order: 42, reference: 'XKBKNABJK', id_currency: 3, currency_iso: 'EUR', total_paid: 120.5, total_paid_tax_incl: 120.5, module: 'molam' },
    expected: { order_id: '42', amount: '120.50', amount_minor: 12050, currency: 'EUR' },
  },
  {
    cms: 'magento',
    event: 'sales_order_place_after',
    normalized: 'checkout.created',
    payload: { entity_id: '17', increment_id: '000000017', grand_total: '89.9900', order_currency_code: 'EUR', customer_email: 'l@example.fr' },
    expected: { order_id: '17', amount: '89.99', amount_minor: 8999, currency: 'EUR' },
  },
];

describe.each(testBackends())('interop event ingestion on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    for (const cms of ['woocommerce', 'shopify', 'prestashop', 'magento']) await registerPlugin(server, `ing-${cms}`, cms);
  });
  afterAll(async () => server?.close());

  it.each(SEED_CASES)('normalizes $cms $event into $normalized with the seeded mapping', async (c) => {
    const sent = await sendEvent(server, { plugin_id: `ing-${c.cms}`, event_type: c.event, payload: c.payload });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ id: expect.any(String), status: 'processed', normalized_event: c.normalized, normalized_payload: c.expected, duplicate: false });
    const row = await storedEvent(server, sent.body.id);
    expect(row.normalized_payload).toEqual(c.expected);
    expect(row.raw_payload).toEqual(c.payload);
    expect(row).toMatchObject({ platform: c.cms, source_event: c.event, status: 'processed', attempts: 1 });
    expect(row.mapping_id).not.toBeNull();
    expect(row.processed_at).not.toBeNull();
  });

  it('reads nested source paths and builds nested target paths', async () => {
    const mapping = await server.request('POST', '/api/v1/plugins/interop/mappings', {
      as: 'dev_admin',
      body: {
        platform: 'woocommerce',
        source_event: 'woocommerce_order_status_completed',
        normalized_event: 'checkout.completed',
        field_mapping: { id: 'order_id', total: 'amount', currency: 'currency', 'billing.email': 'customer.email', 'billing.address.city': 'customer.address.city', 'line_items.0.sku': 'first_item.sku', 'missing.path': 'never' },
      },
    });
    expect(mapping.status).toBe(200);
    const payload = { id: 9, total: '12.5', currency: 'eur', billing: { email: 'fatou@example.sn', address: { city: 'Dakar', zip: '10200' } }, line_items: [{ sku: 'WAX-1' }, { sku: 'WAX-2' }] };
    const sent = await sendEvent(server, { plugin_id: 'ing-woocommerce', event_type: 'woocommerce_order_status_completed', payload });
    expect(sent.body).toMatchObject({ status: 'processed', normalized_event: 'checkout.completed' });
    const row = await storedEvent(server, sent.body.id);
    expect(row.normalized_payload).toEqual({
      order_id: '9',
      amount: '12.50',
      amount_minor: 1250,
      currency: 'EUR',
      customer: { email: 'fatou@example.sn', address: { city: 'Dakar' } },
      first_item: { sku: 'WAX-1' },
    });
    expect(row.raw_payload).toEqual(payload);
  });

  it('passes a standard event through with its payload as the normalized payload, its money made exact', async () => {
    const payload = { order_id: '12345', amount: 55000, currency: 'XOF', reason: 'damaged' };
    const sent = await sendEvent(server, { plugin_id: 'ing-shopify', event_type: 'refund.issued', payload, occurred_at: '2026-03-01T10:00:00+01:00' });
    expect(sent.body).toMatchObject({ status: 'processed', normalized_event: 'refund.issued', duplicate: false });
    const row = await storedEvent(server, sent.body.id);
    expect(row.normalized_payload).toEqual({ ...payload, amount: '55000', amount_minor: 55000 });
    expect(row.raw_payload).toEqual(payload);
    expect(row.mapping_id).toBeNull();
    expect(row.occurred_at).toBe('2026-03-01T09:00:00.000Z');
  });

  it('stores an event with no mapping as unmapped, raw payload kept', async () => {
    const payload = { id: 3, reason: 'customer changed mind' };
    const sent = await sendEvent(server, { plugin_id: 'ing-magento', event_type: 'sales_order_creditmemo_save_after', payload });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ status: 'unmapped', normalized_event: null, duplicate: false });
    const row = await storedEvent(server, sent.body.id);
    expect(row).toMatchObject({ status: 'unmapped', normalized_payload: null, raw_payload: payload });
  });

  it('answers a repeated event_id with the first stored event instead of storing it again', async () => {
    const body = { plugin_id: 'ing-prestashop', event_type: 'actionValidateOrder', event_id: 'ps-order-77', payload: { id_order: 77, total_paid: 10, currency_iso: 'EUR' } };
    const first = await sendEvent(server, body);
    const again = await sendEvent(server, { ...body, payload: { id_order: 77, total_paid: 99, currency_iso: 'EUR' } });
    expect(first.body.duplicate).toBe(false);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const { rows } = await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM plugin_interop_events WHERE plugin_id = 'ing-prestashop' AND external_id = 'ps-order-77'",
    );
    expect(rows[0]!.n).toBe(1);
    expect(first.body).toMatchObject({ status: 'processed', normalized_payload: { order_id: '77', amount: '10.00', amount_minor: 1000, currency: 'EUR' } });
    expect((await storedEvent(server, first.body.id)).raw_payload).toEqual({ id_order: 77, total_paid: 10, currency_iso: 'EUR' });
  });

  it('stores each of 100 concurrent events exactly once, repeats of one event_id included', async () => {
    await registerPlugin(server, 'ing-burst', 'shopify');
    const requests = Array.from({ length: 100 }, (_, i) =>
      sendEvent(server, { plugin_id: 'ing-burst', event_type: 'orders/paid', event_id: `burst-${i % 60}`, payload: { id: i % 60, total_price: String(i), currency: 'XOF' } }),
    );
    const answers = await Promise.all(requests);
    expect(answers.every((a) => a.status === 202)).toBe(true);
    const { rows } = await server.db.query<{ n: number; ids: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS ids FROM plugin_interop_events WHERE plugin_id = 'ing-burst'",
    );
    expect(rows[0]).toEqual({ n: 60, ids: 60 });
    expect(answers.filter((a) => !a.body.duplicate)).toHaveLength(60);
    const byEventId = new Map<string, Set<string>>();
    answers.forEach((answer, i) => {
      const key = `burst-${i % 60}`;
      byEventId.set(key, (byEventId.get(key) ?? new Set()).add(answer.body.id));
    });
    expect([...byEventId.values()].every((ids) => ids.size === 1)).toBe(true);
  });

  it('stores 100 concurrent events without event ids as 100 rows', async () => {
    await registerPlugin(server, 'ing-burst-2', 'magento');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => sendEvent(server, { plugin_id: 'ing-burst-2', event_type: 'sales_order_place_after', payload: { entity_id: String(i), grand_total: '1', order_currency_code: 'EUR' } })),
    );
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(100);
    const { rows } = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM plugin_interop_events WHERE plugin_id = 'ing-burst-2'");
    expect(rows[0]!.n).toBe(100);
  });

  it('counts events in the Prometheus metrics and marks the plugin as seen', async () => {
    const metrics = await server.request('GET', '/metrics');
    expect(metrics.body).toMatch(/molam_interop_events_total\{platform="shopify",status="processed"\} \d+/);
    expect(metrics.body).toMatch(/molam_interop_events_total\{platform="shopify",status="duplicate"\} \d+/);
    const { rows } = await server.db.query<{ last_seen_at: string | null }>("SELECT last_seen_at FROM plugins WHERE id = 'ing-burst'");
    expect(rows[0]!.last_seen_at).not.toBeNull();
  });

  it('lets only the owning merchant and admin send events', async () => {
    const body = { plugin_id: 'ing-woocommerce', event_type: 'checkout.created', payload: { order_id: 1 } };
    expect((await sendEvent(server, body, 'merchant2')).status).toBe(403);
    for (const role of ['sdk', 'reviewer', 'ops', 'sira', 'dev_admin'] as const) {
      expect((await sendEvent(server, body, role)).status).toBe(403);
    }
    expect((await server.request('POST', '/api/v1/plugins/interop/event', { as: null, body })).status).toBe(401);
    expect((await sendEvent(server, body, 'admin')).status).toBe(202);
    const unknown = await sendEvent(server, { ...body, plugin_id: 'no-such-plugin' });
    expect(unknown.status).toBe(404);
  });

  it.each([
    ['a missing payload', { event_type: 'checkout.created' }, 'body.payload'],
    ['a payload that is an array', { event_type: 'checkout.created', payload: [1, 2] }, 'body.payload'],
    ['a payload that is a string', { event_type: 'checkout.created', payload: 'order 1' }, 'body.payload'],
    ['a NUL character in the payload', { event_type: 'checkout.created', payload: { customer: { name: 'a\u0000b' } } }, 'body.payload.customer.name'],
    ['an unpaired surrogate in a key', { event_type: 'checkout.created', payload: { ['k\uD800']: 1 } }, 'body.payload.k\uD800'],
    ['an event type with spaces', { event_type: 'order created', payload: {} }, 'body.event_type'],
    ['an impossible occurred_at', { event_type: 'checkout.created', payload: {}, occurred_at: '0000-01-01T00:00:00Z' }, 'body.occurred_at'],
    ['an event_id with spaces', { event_type: 'checkout.created', payload: {}, event_id: 'a b' }, 'body.event_id'],
  ])('refuses %s with a 400 naming the field', async (_name, body, field) => {
    const sent = await sendEvent(server, { plugin_id: 'ing-woocommerce', ...body });
    expect(sent.status).toBe(400);
    expect(sent.body.error.field).toBe(field);
  });

  it('describes the interop endpoints in the OpenAPI document', async () => {
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    const paths = doc.body.paths;
    for (const path of ['event', 'events', 'events/{id}', 'stats', 'retry', 'mappings']) expect(paths[`/api/v1/plugins/interop/${path}`]).toBeDefined();
    const body = paths['/api/v1/plugins/interop/event'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['plugin_id', 'event_type', 'payload']));
    expect(paths['/api/v1/plugins/interop/event'].post.responses['202']).toBeDefined();
  });

  it('refuses a payload nested deeper than 32 levels', async () => {
    let payload: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 40; i++) payload = { inner: payload };
    const sent = await sendEvent(server, { plugin_id: 'ing-woocommerce', event_type: 'checkout.created', payload });
    expect(sent.status).toBe(400);
    expect(sent.body.error.field).toMatch(/^body\.payload(\.inner)+$/);
    const deep = await server.request('POST', '/api/v1/plugins/interop/event', {
      as: 'merchant',
      rawBody: `{"plugin_id":"ing-woocommerce","event_type":"checkout.created","payload":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
    });
    expect(deep.status).toBe(400);
  });
});
