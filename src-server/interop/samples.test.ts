import { readFileSync } from 'node:fs';
import { parse as parseLossless } from 'lossless-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteropEventAckSchema, InteropEventSchema, NormalizedOrderPayloadSchema } from '../../src-shared/schemas/interop.js';
import { TEST_TOKENS, startTestServer, testBackends, type TestServer, type TokenName } from '../testing/harness.js';
import { registerPlugin } from './interop-test-kit.js';

const EVENTS = '/api/v1/plugins/interop/events';
const sample = (name: string) => readFileSync(new URL(`../../resources/platform-samples/${name}`, import.meta.url), 'utf8');

/**
 * The platforms' documented payloads for each mapped event (Shopify's webhook sample, WooCommerce's
 * REST order, PrestaShop's order record with its Currency, Magento's sales_order), and what the
 * mappings corrected by migration 0006 make of them.
 */
const DOCUMENTED = [
  {
    file: 'shopify.orders-create.json',
    cms: 'shopify',
    event: 'orders/create',
    normalized: 'checkout.created',
    expected: { order_id: '820982911946154508', amount: '403.00', amount_minor: 40300, currency: 'USD' },
  },
  {
    file: 'shopify.orders-paid.json',
    cms: 'shopify',
    event: 'orders/paid',
    normalized: 'payment.succeeded',
    expected: { order_id: '820982911946154508', amount: '403.00', amount_minor: 40300, currency: 'USD' },
  },
  {
    file: 'woocommerce.checkout-order-processed.json',
    cms: 'woocommerce',
    event: 'woocommerce_checkout_order_processed',
    normalized: 'checkout.created',
    expected: { order_id: '727', amount: '29.35', amount_minor: 2935, currency: 'USD' },
  },
  {
    file: 'woocommerce.payment-complete.json',
    cms: 'woocommerce',
    event: 'woocommerce_payment_complete',
    normalized: 'payment.succeeded',
    expected: { order_id: '727', amount: '29.35', amount_minor: 2935, currency: 'USD' },
  },
  {
    file: 'prestashop.actionValidateOrder.json',
    cms: 'prestashop',
    event: 'actionValidateOrder',
    normalized: 'checkout.created',
    expected: { order_id: '5', amount: '61.80', amount_minor: 6180, currency: 'EUR' },
  },
  {
    file: 'magento.sales_order_place_after.json',
    cms: 'magento',
    event: 'sales_order_place_after',
    normalized: 'checkout.created',
    expected: { order_id: '3', amount: '36.39', amount_minor: 3639, currency: 'USD' },
  },
] as const;

describe.each(testBackends())('documented platform payloads through the interop API on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    for (const cms of ['woocommerce', 'shopify', 'prestashop', 'magento']) await registerPlugin(server, `doc-${cms}`, cms);
    await registerPlugin(server, 'doc-other', 'shopify', 'merchant2');
  });
  afterAll(async () => server?.close());

  /** Posts an event whose payload is JSON text, as a plugin would send it (no JavaScript number in between). */
  const sendText = async (pluginId: string, eventType: string, payloadText: string, as: TokenName = 'merchant') => {
    const sent = await server.request('POST', '/api/v1/plugins/interop/event', {
      as,
      rawBody: `{"plugin_id":${JSON.stringify(pluginId)},"event_type":${JSON.stringify(eventType)},"payload":${payloadText}}`,
    });
    expect(sent.status).toBe(202);
    expect(InteropEventAckSchema.parse(sent.body)).toBeTruthy();
    return sent.body;
  };
  /** GETs `path` and returns the answer's text, so numbers are seen as written, not as doubles. */
  const getText = async (path: string, as: TokenName) => {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${TEST_TOKENS[as]}` } });
    return { status: response.status, text: await response.text() };
  };

  it.each(DOCUMENTED)('normalizes $cms $event ($file) with its order id, exact amount, minor units and currency', async (c) => {
    const text = sample(c.file);
    const ack = await sendText(`doc-${c.cms}`, c.event, text);
    expect(ack).toMatchObject({ status: 'processed', normalized_event: c.normalized, normalized_payload: c.expected, duplicate: false });
    expect(NormalizedOrderPayloadSchema.parse(ack.normalized_payload)).toEqual(c.expected);

    const detail = await getText(`${EVENTS}/${ack.id}`, 'reviewer');
    expect(detail.status).toBe(200);
    const event = parseLossless(detail.text) as Record<string, unknown>;
    // The raw payload comes back as sent: every number with every digit (compared as source text).
    expect(event.raw_payload).toEqual(parseLossless(text));
    expect(JSON.parse(detail.text).normalized_payload).toEqual(c.expected);
    expect(InteropEventSchema.parse(JSON.parse(detail.text))).toMatchObject({ id: ack.id, status: 'processed', mapping_id: expect.any(String) });
  });

  it("keeps every digit of Shopify's ids: stored, listed, and normalized as text", async () => {
    const ack = await sendText('doc-shopify', 'orders/create', sample('shopify.orders-create.json'));
    const { rows } = await server.db.query<{ raw: string; id: string; customer: string }>(
      `SELECT raw_payload::text AS raw, raw_payload ->> 'id' AS id, raw_payload #>> '{customer,id}' AS customer
         FROM plugin_interop_events WHERE id = $1`,
      [ack.id],
    );
    expect(rows[0]).toMatchObject({ id: '820982911946154508', customer: '115310627314723954' });
    expect(rows[0]!.raw).toContain('"id": 487817672276298554');
    const list = await getText(`${EVENTS}?plugin_id=doc-shopify&limit=1`, 'ops');
    expect(list.text).toMatch(/"id": ?820982911946154508\b/);
    expect(list.text).not.toContain('820982911946154500');
    expect(ack.normalized_payload.order_id).toBe('820982911946154508');
  });

  it('turns any other number a double cannot hold into the string of its digits in the normalized payload', async () => {
    const mapping = await server.request('POST', '/api/v1/plugins/interop/mappings', {
      as: 'dev_admin',
      body: {
        platform: 'shopify',
        source_event: 'orders/updated',
        normalized_event: 'checkout.completed',
        field_mapping: { id: 'order_id', total_price: 'amount', currency: 'currency', 'customer.id': 'customer_id', order_number: 'number', 'line_items.0.grams': 'grams' },
      },
    });
    expect(mapping.status).toBe(200);
    const ack = await sendText('doc-shopify', 'orders/updated', sample('shopify.orders-create.json'));
    expect(ack.normalized_payload).toEqual({
      order_id: '820982911946154508',
      amount: '403.00',
      amount_minor: 40300,
      currency: 'USD',
      customer_id: '115310627314723954',
      number: 1234,
      grams: 100,
    });
    const passed = await sendText('doc-shopify', 'subscription.renewed', '{"subscription_id":9007199254740993,"ratio":0.30000000000000004441,"small":9007199254740991}');
    expect(passed.normalized_payload).toEqual({ subscription_id: '9007199254740993', ratio: '0.30000000000000004441', small: 9007199254740991 });
  });

  it('reads the older shapes plugins send: WooCommerce order record on payment, PrestaShop id_order and currency codes, Magento text', async () => {
    const woo = await sendText('doc-woocommerce', 'woocommerce_payment_complete', sample('woocommerce.checkout-order-processed.json'));
    expect(woo.normalized_payload).toEqual({ order_id: '727', amount: '29.35', amount_minor: 2935, currency: 'USD' });
    const presta = await sendText('doc-prestashop', 'actionValidateOrder', '{"id_order":12,"total_paid":"15000.000000","id_currency":2,"currency_iso":"XOF"}');
    expect(presta.normalized_payload).toEqual({ order_id: '12', amount: '15000', amount_minor: 15000, currency: 'XOF' });
    const prestaCode = await sendText('doc-prestashop', 'actionValidateOrder', '{"id":13,"total_paid":1.5,"currency":"kwd"}');
    expect(prestaCode.normalized_payload).toEqual({ order_id: '13', amount: '1.500', amount_minor: 1500, currency: 'KWD' });
    const magento = await sendText('doc-magento', 'sales_order_place_after', '{"entity_id":"17","grand_total":"89.9900","order_currency_code":"EUR"}');
    expect(magento.normalized_payload).toEqual({ order_id: '17', amount: '89.99', amount_minor: 8999, currency: 'EUR' });
  });

  it.each([
    ['a missing currency', 'orders/paid', '{"id":1,"total_price":"10.00"}', 'currency: missing: an amount needs its ISO 4217 currency code (the payload has no "currency")'],
    ['an unknown currency', 'orders/paid', '{"id":1,"total_price":"10.00","currency":"XYZ"}', 'currency: "XYZ" is not an ISO 4217 currency code'],
    ['a currency that is not text', 'orders/paid', '{"id":1,"total_price":"10.00","currency":840}', 'currency: 840 is not an ISO 4217 currency code'],
    ['a non-numeric amount', 'orders/paid', '{"id":1,"total_price":"ten","currency":"USD"}', 'amount (read from "total_price"): "ten" is not a decimal number'],
    ['an amount with a thousands separator', 'orders/paid', '{"id":1,"total_price":"1,000.00","currency":"USD"}', 'amount (read from "total_price"): "1,000.00" is not a decimal number'],
    ['an amount that is a boolean', 'orders/paid', '{"id":1,"total_price":true,"currency":"USD"}', 'amount (read from "total_price"): must be a decimal string such as "199.00" or a number, not boolean'],
    ['more decimals than USD has', 'orders/paid', '{"id":1,"total_price":"10.005","currency":"USD"}', 'amount (read from "total_price"): "10.005" has more decimals than USD allows (2)'],
    ['decimals in XOF', 'orders/paid', '{"id":1,"total_price":"1500.50","currency":"XOF"}', 'amount (read from "total_price"): "1500.50" has more decimals than XOF allows (0)'],
    ['a numeric amount with too many decimals', 'orders/paid', '{"id":1,"total_price":0.1234,"currency":"BHD"}', 'amount (read from "total_price"): "0.1234" has more decimals than BHD allows (3)'],
    ['an amount beyond 2^53 minor units', 'orders/paid', '{"id":1,"total_price":"90071992547409.92","currency":"USD"}', 'amount (read from "total_price"): "90071992547409.92" is beyond 9007199254740991 minor units of USD'],
    ['a missing amount', 'orders/paid', '{"id":1,"currency":"USD"}', 'amount: missing (the payload has no "total_price")'],
    ['a missing order id', 'orders/paid', '{"total_price":"1.00","currency":"USD"}', 'order_id: missing: an order or payment event needs the order\'s id (the payload has no "id")'],
    ['an order id that is an object', 'orders/paid', '{"id":{"n":1},"total_price":"1.00","currency":"USD"}', 'order_id (read from "id"): must be a non-empty string or an integer, not {"n": 1}'],
    ['an empty order id', 'orders/paid', '{"id":"","total_price":"1.00","currency":"USD"}', 'order_id (read from "id"): must be a non-empty string or an integer, not ""'],
    ['an order id with a fraction', 'orders/paid', '{"id":12.5,"total_price":"1.00","currency":"USD"}', 'order_id (read from "id"): must be a non-empty string or an integer, not 12.5'],
    ['a standard event without a currency', 'payment.succeeded', '{"order_id":"A-1","amount":"1.00"}', 'currency: missing: an amount needs its ISO 4217 currency code'],
  ])('keeps an event with %s as failed, the field named, instead of a wrong number', async (_name, eventType, payloadText, error) => {
    const ack = await sendText('doc-shopify', eventType, payloadText);
    expect(ack).toMatchObject({ status: 'failed', error, duplicate: false });
    expect(ack.normalized_payload).not.toHaveProperty('amount_minor');
    const detail = await server.request('GET', `${EVENTS}/${ack.id}`, { as: 'ops' });
    expect(detail.body).toMatchObject({ status: 'failed', error, processed_at: null, raw_payload: JSON.parse(payloadText) });
  });

  it('processes a refused event on retry once its mapping reads the currency', async () => {
    const payload = '{"id":21,"total_paid":"42.00","id_currency":1,"currency_code":"EUR"}';
    const ack = await sendText('doc-prestashop', 'actionValidateOrder', payload);
    expect(ack).toMatchObject({ status: 'failed', error: expect.stringMatching(/^currency: missing/) });
    const current = await server.request('GET', '/api/v1/plugins/interop/mappings?platform=prestashop', { as: 'ops' });
    const mapping = current.body.items.find((m: { source_event: string }) => m.source_event === 'actionValidateOrder');
    const updated = await server.request('POST', '/api/v1/plugins/interop/mappings', {
      as: 'dev_admin',
      headers: { 'if-match': String(mapping.version) },
      body: { platform: 'prestashop', source_event: 'actionValidateOrder', normalized_event: 'checkout.created', field_mapping: { 'id|id_order': 'order_id', total_paid: 'amount', 'currency.iso_code|currency_code': 'currency' } },
    });
    expect(updated.status).toBe(200);
    const retried = await server.request('POST', '/api/v1/plugins/interop/retry', { as: 'ops', body: { event_ids: [ack.id] } });
    expect(retried.body).toEqual({ retried: 1, processed: 1, still_failed: 0, still_unmapped: 0 });
    const detail = await server.request('GET', `${EVENTS}/${ack.id}`, { as: 'ops' });
    expect(detail.body).toMatchObject({ status: 'processed', error: null, attempts: 2, normalized_payload: { order_id: '21', amount: '42.00', amount_minor: 4200, currency: 'EUR' } });
  });

  it("shows one event to staff and to the merchant owning its plugin, and is a 404 to anyone else's merchant", async () => {
    const ack = await sendText('doc-magento', 'sales_order_place_after', sample('magento.sales_order_place_after.json'));
    for (const as of ['admin', 'ops', 'reviewer', 'sira', 'dev_admin', 'merchant'] as const) {
      const detail = await server.request('GET', `${EVENTS}/${ack.id}`, { as });
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({ id: ack.id, plugin_id: 'doc-magento', platform: 'magento', source_event: 'sales_order_place_after' });
    }
    const foreign = await server.request('GET', `${EVENTS}/${ack.id}`, { as: 'merchant2' });
    expect(foreign.status).toBe(404);
    const other = await sendText('doc-other', 'orders/create', sample('shopify.orders-create.json'), 'merchant2');
    expect((await server.request('GET', `${EVENTS}/${other.id}`, { as: 'merchant2' })).status).toBe(200);
    expect((await server.request('GET', `${EVENTS}/${other.id}`, { as: 'merchant' })).status).toBe(404);
    expect((await server.request('GET', `${EVENTS}/${ack.id}`, { as: 'sdk' })).status).toBe(403);
    expect((await server.request('GET', `${EVENTS}/${ack.id}`, { as: null })).status).toBe(401);
    expect((await server.request('GET', `${EVENTS}/00000000-0000-4000-8000-000000000000`, { as: 'ops' })).status).toBe(404);
    const malformed = await server.request('GET', `${EVENTS}/not-a-uuid`, { as: 'ops' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('params.id');
  });

  it('answers a repeated event_id with the first event, normalized payload included', async () => {
    const body = (total: string) => `{"plugin_id":"doc-shopify","event_type":"orders/paid","event_id":"wh-1","payload":{"id":820982911946154508,"total_price":"${total}","currency":"USD"}}`;
    const first = await server.request('POST', '/api/v1/plugins/interop/event', { as: 'merchant', rawBody: body('403.00') });
    const again = await server.request('POST', '/api/v1/plugins/interop/event', { as: 'merchant', rawBody: body('1.00') });
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect(again.body.normalized_payload).toEqual({ order_id: '820982911946154508', amount: '403.00', amount_minor: 40300, currency: 'USD' });
  });
});
