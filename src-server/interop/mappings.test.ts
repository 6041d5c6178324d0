import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { registerPlugin, sendEvent } from './interop-test-kit.js';

const MAPPINGS = '/api/v1/plugins/interop/mappings';

describe.each(testBackends())('interop mappings on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const mapping = {
    platform: 'shopify',
    source_event: 'refunds/create',
    normalized_event: 'refund.issued',
    field_mapping: { order_id: 'order_id', 'transactions.0.amount': 'amount', currency: 'currency' },
  };

  it('lists the six seeded mappings to staff, filtered by platform', async () => {
    const all = await server.request('GET', MAPPINGS, { as: 'reviewer' });
    expect(all.status).toBe(200);
    expect(all.body.items.map((m: { source_event: string }) => m.source_event)).toEqual(
      expect.arrayContaining(['woocommerce_checkout_order_processed', 'woocommerce_payment_complete', 'orders/create', 'orders/paid', 'actionValidateOrder', 'sales_order_place_after']),
    );
    const woo = await server.request('GET', `${MAPPINGS}?platform=woocommerce`, { as: 'ops' });
    expect(woo.body.items.every((m: { platform: string }) => m.platform === 'woocommerce')).toBe(true);
    // Migration 0006 corrected the seed's reversed mapping (version 1) and added the currency.
    expect(woo.body.items.find((m: { source_event: string }) => m.source_event === 'woocommerce_payment_complete')).toMatchObject({
      normalized_event: 'payment.succeeded',
      field_mapping: { 'order_id|id': 'order_id', total: 'amount', currency: 'currency' },
      active: true,
      version: 2,
    });
    for (const seeded of all.body.items as Array<{ field_mapping: Record<string, string>; version: number }>) {
      expect(Object.values(seeded.field_mapping)).toEqual(expect.arrayContaining(['order_id', 'amount', 'currency']));
      expect(seeded.version).toBe(2);
    }
    expect((await server.request('GET', MAPPINGS, { as: 'merchant' })).status).toBe(403);
    expect((await server.request('GET', `${MAPPINGS}?platform=joomla`, { as: 'ops' })).body.error.field).toBe('query.platform');
  });

  it('creates a mapping, then updates it with version + 1, auditing both', async () => {
    const created = await server.request('POST', MAPPINGS, { as: 'dev_admin', body: mapping });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ ...mapping, active: true, version: 1 });
    const updated = await server.request('POST', MAPPINGS, {
      as: 'dev_admin',
      headers: { 'if-match': '1' },
      body: { ...mapping, field_mapping: { ...mapping.field_mapping, note: 'reason' } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, version: 2, field_mapping: { note: 'reason' } });
    const audit = await server.db.query<{ action: string; before: any; after: any }>(
      "SELECT action, before, after FROM audit_log WHERE entity_type = 'interop_mapping' AND entity_id = $1 ORDER BY id",
      [created.body.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['interop.mapping.create', 'interop.mapping.update']);
    expect(audit.rows[1]!.before.version).toBe(1);
    expect(audit.rows[1]!.after.version).toBe(2);
  });

  it('refuses a stale If-Match with 409 carrying the current mapping', async () => {
    const stale = await server.request('POST', MAPPINGS, { as: 'dev_admin', headers: { 'if-match': '1' }, body: mapping });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.details.current.version).toBeGreaterThan(1);
  });

  it('applies a changed mapping to the very next event, and stops mapping once deactivated', async () => {
    await registerPlugin(server, 'map-shop-1', 'shopify');
    const payload = { order_id: 7, transactions: [{ amount: '10.00' }], currency: 'USD', note: 'damaged' };
    const mapped = await sendEvent(server, { plugin_id: 'map-shop-1', event_type: 'refunds/create', payload });
    expect(mapped.body).toMatchObject({ status: 'processed', normalized_event: 'refund.issued' });
    await server.request('POST', MAPPINGS, { as: 'dev_admin', body: { ...mapping, active: false } });
    const unmapped = await sendEvent(server, { plugin_id: 'map-shop-1', event_type: 'refunds/create', payload });
    expect(unmapped.body).toMatchObject({ status: 'unmapped', normalized_event: null });
  });

  it('lets only dev_admin (and admin) write mappings', async () => {
    for (const role of ['ops', 'reviewer', 'sira', 'merchant', 'sdk'] as const) {
      expect((await server.request('POST', MAPPINGS, { as: role, body: mapping })).status).toBe(403);
    }
    expect((await server.request('POST', MAPPINGS, { as: 'admin', body: mapping })).status).toBe(200);
  });

  it.each([
    ['a non-standard normalized event', { normalized_event: 'order.created' }, 'body.normalized_event'],
    ['an unknown platform', { platform: 'joomla' }, 'body.platform'],
    ['a source path with an empty segment', { field_mapping: { 'billing..email': 'customer.email' } }, 'body.field_mapping.billing..email'],
    ['an empty source alternative', { field_mapping: { 'id||id_order': 'order_id' } }, 'body.field_mapping.id||id_order'],
    ['nine source alternatives', { field_mapping: { 'a|b|c|d|e|f|g|h|i': 'order_id' } }, 'body.field_mapping.a|b|c|d|e|f|g|h|i'],
    ['a target path with an index', { field_mapping: { email: 'customers.0.email' } }, 'body.field_mapping.email'],
    ['a target that is not text', { field_mapping: { email: 5 } }, 'body.field_mapping.email'],
    ['two sources writing one target', { field_mapping: { email: 'customer.email', mail: 'customer.email' } }, 'body.field_mapping.mail'],
    ['a target inside another target', { field_mapping: { customer: 'customer', email: 'customer.email' } }, 'body.field_mapping.email'],
    ['an empty mapping', { field_mapping: {} }, 'body.field_mapping'],
    ['over 100 entries', { field_mapping: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, `t${i}`])) }, 'body.field_mapping'],
    ['a field mapping that is a list', { field_mapping: ['id'] }, 'body.field_mapping'],
  ])('refuses %s with a 400 naming the field', async (_name, change, field) => {
    const response = await server.request('POST', MAPPINGS, { as: 'dev_admin', body: { ...mapping, source_event: 'refunds/update', ...change } });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });
});
