import type { Platform } from '../../src-shared/schemas/common.js';
import { scenariosFor, type IssuePlugin } from './issues-data.js';
import type { Random } from './random.js';
// The demo's customers and basket items: a table of values kept with the other data files.
import customers from '../../resources/demo/customers.json' with { type: 'json' };

const { firstNames: FIRST, lastNames: LAST, cities: CITIES, products: PRODUCTS } = customers;

/** An event as a plugin sends it to `POST /interop/event`. */
export interface NativeEvent {
  event_type: string;
  payload: Record<string, unknown>;
  event_id: string;
}

function customer(rng: Random) {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  return {
    first_name: first,
    last_name: last,
    email: `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase(),
    phone: `+221 7${rng.int(0, 8)} ${rng.int(100, 999)} ${rng.int(10, 99)} ${rng.int(10, 99)}`,
    city: rng.pick(CITIES),
  };
}

function items(rng: Random): Array<{ name: string; quantity: number; unit_price: number }> {
  return Array.from({ length: rng.int(1, 3) }, () => ({ name: rng.pick(PRODUCTS), quantity: rng.int(1, 4), unit_price: rng.int(5, 400) * 100 }));
}

const total = (lines: Array<{ quantity: number; unit_price: number }>) => lines.reduce((sum, l) => sum + l.quantity * l.unit_price, 0);

type EventMaker = (rng: Random, order: number) => { event_type: string; payload: Record<string, unknown> };
const amount = (rng: Random, decimals = 2) => (rng.int(5, 900) * 100).toFixed(decimals);

const woocommerce: Array<[number, EventMaker]> = [
  [40, (rng, order) => {
    const lines = items(rng);
    return {
      event_type: 'woocommerce_checkout_order_processed',
      payload: {
        id: order,
        total: total(lines).toFixed(2),
        currency: 'XOF',
        status: 'processing',
        payment_method: 'molam',
        billing: { ...customer(rng), country: 'SN' },
        line_items: lines,
      },
    };
  }],
  [35, (rng, order) => ({
    event_type: 'woocommerce_payment_complete',
    payload: { order_id: order, total: amount(rng), currency: 'XOF', transaction_id: `pi_${rng.token(16)}` },
  })],
  [8, (rng, order) => ({
    event_type: 'woocommerce_order_refunded',
    payload: { order_id: order, refund_id: rng.int(100, 9999), amount: amount(rng), reason: rng.pick(['damaged item', 'customer request', 'duplicate order']) },
  })],
  [3, (rng, order) => ({
    event_type: 'woocommerce_subscription_renewal_payment_complete',
    payload: { subscription_id: rng.int(100, 999), order_id: order, total: '15000.00' },
  })],
];
const shopify: Array<[number, EventMaker]> = [
  [40, (rng, order) => {
    const lines = items(rng);
    return {
      event_type: 'orders/create',
      payload: {
        id: 5_000_000_000 + order,
        name: `#${1000 + (order % 9000)}`,
        total_price: total(lines).toFixed(2),
        currency: 'XOF',
        financial_status: 'pending',
        email: customer(rng).email,
        line_items: lines,
      },
    };
  }],
  [35, (rng, order) => ({
    event_type: 'orders/paid',
    payload: { id: 5_000_000_000 + order, total_price: amount(rng), currency: 'XOF', financial_status: 'paid', gateway: 'molam' },
  })],
  [8, (rng, order) => ({
    event_type: 'refunds/create',
    payload: { id: rng.int(800_000, 899_999), order_id: 5_000_000_000 + order, transactions: [{ amount: amount(rng), kind: 'refund' }] },
  })],
  [1, (rng) => ({ event_type: 'app/uninstalled', payload: { id: rng.int(1, 9999), domain: `shop-${rng.token(6)}.myshopify.com` } })],
];
const prestashop: Array<[number, EventMaker]> = [
  [55, (rng, order) => ({
    event_type: 'actionValidateOrder',
    payload: { id_order: order, reference: rng.token(9).toUpperCase(), total_paid: amount(rng, 6), currency_iso: 'XOF', id_customer: rng.int(1, 5000), module: 'molampayments' },
  })],
  [12, (rng, order) => ({
    event_type: 'actionOrderStatusPostUpdate',
    payload: { id_order: order, new_status: rng.pick(['PS_OS_PAYMENT', 'PS_OS_SHIPPING', 'PS_OS_DELIVERED']) },
  })],
];
const magento: Array<[number, EventMaker]> = [
  [55, (rng, order) => ({
    event_type: 'sales_order_place_after',
    payload: {
      entity_id: order,
      increment_id: String(100_000_000 + order),
      grand_total: rng.int(5, 900) * 100,
      order_currency_code: 'XOF',
      customer_email: customer(rng).email,
      payment: { method: 'molam_payments' },
    },
  })],
  [10, (rng, order) => ({ event_type: 'sales_order_invoice_pay', payload: { invoice_id: rng.int(1, 99_999), order_id: order, grand_total: rng.int(5, 900) * 100 } })],
  [4, (rng, order) => ({ event_type: 'sales_order_creditmemo_save_after', payload: { creditmemo_id: rng.int(1, 9_999), order_id: order, adjustment: 0 } })],
];

/** What each platform sends: its native event names (with weights), the mapped ones most often. */
const NATIVE: Record<Platform, Array<[number, EventMaker]>> = { woocommerce, shopify, prestashop, magento };

/** A platform-native business event (checkout, payment, refund ...), mapped or not. */
export function nativeEvent(rng: Random, cms: Platform): NativeEvent {
  const options = NATIVE[cms];
  const index = Number(rng.weighted(Object.fromEntries(options.map(([weight], i) => [String(i), weight]))));
  const order = rng.int(1000, 999_999);
  const { event_type, payload } = options[index]![1](rng, order);
  return { event_type, payload, event_id: `${event_type}:${order}:${rng.token(6)}` };
}

/** A standard event sent as is (a plugin that already speaks the standard schema). */
export function standardEvent(rng: Random): NativeEvent {
  const event_type = rng.pick(['payment.failed', 'checkout.completed', 'subscription.renewed']);
  const order = rng.int(1000, 999_999);
  const payload = { order_id: String(order), amount: rng.int(5, 900) * 100, currency: 'XOF' };
  return {
    event_type,
    payload: event_type === 'payment.failed' ? { ...payload, reason: 'insufficient_funds' } : payload,
    event_id: `${event_type}:${order}:${rng.token(6)}`,
  };
}

/** A `plugin.error` carrying a message one of the plugin's healing scenarios produces. */
export function pluginErrorEvent(rng: Random, plugin: IssuePlugin, onlyRuleMatches = false): NativeEvent {
  const scenarios = scenariosFor(plugin.cms, plugin).filter((s) => !onlyRuleMatches || s.rule !== null);
  const { message, excerpt } = rng.pick(scenarios).occur(rng, plugin);
  const payload = { message, level: 'fatal', plugin_version: rng.pick(['3.0.1', '3.1.0']), request_id: rng.token(12) };
  return {
    event_type: 'plugin.error',
    // Code errors carry the lines around the failing one.
    payload: excerpt ? { ...payload, excerpt } : payload,
    event_id: `plugin.error:${rng.token(16)}`,
  };
}
