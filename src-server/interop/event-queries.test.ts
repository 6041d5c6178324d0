import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { registerPlugin, sendEvent } from './interop-test-kit.js';

const EVENTS = '/api/v1/plugins/interop/events';
const STATS = '/api/v1/plugins/interop/stats';

describe.each(testBackends())('interop event views on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await registerPlugin(server, 'view-woo', 'woocommerce');
    await registerPlugin(server, 'view-mage', 'magento', 'merchant2');
    for (let i = 0; i < 7; i++) {
      await sendEvent(server, { plugin_id: 'view-woo', event_type: 'woocommerce_payment_complete', payload: { order_id: i, total: '1', currency: 'XOF' } });
    }
    await sendEvent(server, { plugin_id: 'view-woo', event_type: 'woocommerce_new_customer', payload: { id: 1 } });
    await sendEvent(server, { plugin_id: 'view-woo', event_type: 'woocommerce_new_customer', payload: { id: 2 } });
    await sendEvent(server, { plugin_id: 'view-mage', event_type: 'sales_order_place_after', payload: { entity_id: '1', grand_total: '5', order_currency_code: 'EUR' } }, 'merchant2');
    // Two events received at the same instant: pagination must break the tie on id.
    await server.db.query(
      `INSERT INTO plugin_interop_events (plugin_id, platform, source_event, raw_payload, status, received_at)
       VALUES ('view-woo', 'woocommerce', 'tie', '{}', 'unmapped', '2020-01-01T00:00:00Z'),
              ('view-woo', 'woocommerce', 'tie', '{}', 'unmapped', '2020-01-01T00:00:00Z')`,
    );
  });
  afterAll(async () => server?.close());

  it('pages through every event newest first, each exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await server.request('GET', `${EVENTS}?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { as: 'ops' });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    const { rows } = await server.db.query<{ id: string }>('SELECT id FROM plugin_interop_events ORDER BY received_at DESC, id DESC');
    expect(seen).toEqual(rows.map((r) => r.id));
  });

  it('filters by platform, status, normalized and source event, plugin and time', async () => {
    const get = async (query: string) => (await server.request('GET', `${EVENTS}?${query}`, { as: 'reviewer' })).body.items as any[];
    expect((await get('platform=magento')).map((e) => e.plugin_id)).toEqual(['view-mage']);
    expect(await get('status=unmapped')).toHaveLength(4);
    expect(await get('normalized_event=payment.succeeded')).toHaveLength(7);
    expect(await get('source_event=woocommerce_new_customer')).toHaveLength(2);
    expect(await get('plugin_id=view-mage&status=processed')).toHaveLength(1);
    expect(await get('until=2021-01-01T00:00:00Z')).toHaveLength(2);
    expect(await get('since=2021-01-01T00:00:00Z&plugin_id=view-woo')).toHaveLength(9);
  });

  it("shows a merchant only its own plugins' events", async () => {
    const mine = await server.request('GET', EVENTS, { as: 'merchant2' });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((e: { plugin_id: string }) => e.plugin_id)).toEqual(['view-mage']);
    const theirs = await server.request('GET', `${EVENTS}?plugin_id=view-woo`, { as: 'merchant2' });
    expect(theirs.body.items).toEqual([]);
    expect((await server.request('GET', EVENTS, { as: 'sdk' })).status).toBe(403);
  });

  it.each([
    ['status=lost', 'query.status'],
    ['limit=0', 'query.limit'],
    ['since=yesterday', 'query.since'],
    ['cursor=abc', 'query.cursor'],
    [`cursor=${Buffer.from(JSON.stringify([1, 'not-a-uuid'])).toString('base64url')}`, 'query.cursor'],
  ])('refuses the events query %s with a 400 naming the field', async (query, field) => {
    const response = await server.request('GET', `${EVENTS}?${query}`, { as: 'ops' });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });

  it('counts recent events by status, platform and standard event', async () => {
    const stats = await server.request('GET', `${STATS}?days=7`, { as: 'sira' });
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({
      days: 7,
      total: 10,
      processed: 8,
      unmapped: 2,
      failed: 0,
      received: 0,
      failure_rate: 0,
      by_status: { processed: 8, unmapped: 2 },
      by_platform: { woocommerce: 9, magento: 1 },
      by_normalized_event: { 'payment.succeeded': 7, 'checkout.created': 1 },
      top_unmapped: [{ platform: 'woocommerce', source_event: 'woocommerce_new_customer', count: 2 }],
    });
  });

  it('keeps stats to staff and refuses a bad day count', async () => {
    expect((await server.request('GET', STATS, { as: 'merchant' })).status).toBe(403);
    const bad = await server.request('GET', `${STATS}?days=0`, { as: 'ops' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('query.days');
    expect((await server.request('GET', STATS, { as: 'ops' })).body.days).toBe(30);
  });
});
