import type { Platform } from '../../src-shared/schemas/common.js';
import type { Random } from './random.js';
import { DEMO_MERCHANT_ID } from './tokens.js';

/** A demo plugin row, as inserted. */
export interface DemoPlugin {
  id: string;
  merchant_id: string;
  cms: Platform;
  cms_version: string;
  plugin_version: string;
  php_version: string | null;
  state: Record<string, unknown>;
  last_seen_at: string;
  created_at: string;
}

/** The merchants that own most plugins, with how many each has; the rest go to small shops. */
const BIG_MERCHANTS: ReadonlyArray<[string, number]> = [
  [DEMO_MERCHANT_ID, 10],
  ['teranga-market', 34],
  ['sahel-electronics', 28],
  ['abidjan-mode', 24],
  ['bamako-fresh', 20],
  ['lome-pharma', 16],
  ['kumasi-crafts', 12],
];
const SMALL_SHOPS = [
  'dakar-books', 'thies-textiles', 'ziguinchor-fish', 'cotonou-auto', 'ouaga-solar', 'niamey-tech',
  'conakry-coffee', 'bissau-cashew', 'accra-sneakers', 'lagos-gadgets', 'yaounde-cosmetics', 'douala-hardware',
  'libreville-wines', 'kigali-tea', 'nouakchott-dates', 'banjul-beach', 'porto-novo-prints', 'bobo-karite',
  'kaolack-grains', 'touba-leather', 'saint-louis-arts', 'korhogo-cotton', 'sikasso-mangoes', 'kindia-fruits',
  'parakou-yams', 'tamale-shea', 'sokode-spices', 'mopti-pottery', 'bouake-bikes', 'yamoussoukro-furniture',
];
export const DEMO_PLUGIN_COUNT = 200;

const PLATFORM_PREFIX: Record<Platform, string> = { woocommerce: 'wc', shopify: 'shp', prestashop: 'ps', magento: 'mg' };
/** Share of each platform among installations (WooCommerce dominates the region). */
const PLATFORM_WEIGHTS: Record<Platform, number> = { woocommerce: 45, shopify: 25, prestashop: 18, magento: 12 };

const CMS_VERSIONS: Record<Platform, readonly string[]> = {
  woocommerce: ['7.9.0', '8.2.1', '8.5.2', '8.9.3', '9.0.2', '9.1.4', '9.3.3'],
  // Shopify apps pin an Admin API version rather than a CMS release.
  shopify: ['2024-01', '2024-04', '2024-07', '2024-10', '2025-01'],
  prestashop: ['1.7.8.10', '1.7.8.11', '8.0.4', '8.1.5', '8.1.7'],
  magento: ['2.4.5-p8', '2.4.6-p6', '2.4.7-p1', '2.4.7-p3'],
};
const PHP_VERSIONS: Record<Exclude<Platform, 'shopify'>, readonly string[]> = {
  woocommerce: ['7.4', '8.0', '8.1', '8.1', '8.2', '8.2', '8.3'],
  prestashop: ['7.4', '7.4', '8.0', '8.1', '8.1'],
  magento: ['8.1', '8.2', '8.2', '8.3'],
};
/** Molam plugin releases; the newest are the most installed. */
export const PLUGIN_VERSIONS = ['2.3.0', '2.4.1', '2.5.0', '2.6.2', '3.0.0', '3.0.1', '3.1.0', '3.1.0', '3.1.0'];
const BASE_COLUMNS = ['id', 'order_id', 'amount', 'currency', 'status', 'transaction_ref', 'created_at'];
const OPTIONAL_COLUMNS = ['merchant_fee', 'refunded_amount', 'customer_phone', 'idempotency_key'];

function stateFor(rng: Random, cms: Platform): Record<string, unknown> {
  const common = {
    debug: rng.chance(0.06),
    mode: rng.chance(0.9) ? 'live' : 'test',
    api_key_status: rng.weighted({ valid: 88, expired: 7, rotating: 5 }),
    timeout_s: rng.pick([15, 30, 30, 30, 45]),
    // Some merchants typed the currency by hand ("FCFA") or kept a European theme's default.
    default_currency: rng.weighted({ XOF: 60, XAF: 13, GHS: 5, NGN: 5, EUR: 7, USD: 3, FCFA: 4, CFA: 3 }),
    webhook_tolerance_s: 300,
    retry_policy: { max_attempts: 3, backoff_ms: 500 },
  };
  if (cms === 'shopify') {
    return { ...common, app_scopes: ['read_orders', 'write_orders', 'read_customers'], webhooks_registered: rng.int(4, 6) };
  }
  const columns = [...BASE_COLUMNS, ...OPTIONAL_COLUMNS.filter(() => rng.chance(0.5))];
  return {
    ...common,
    memory_limit: rng.weighted({ '128M': 45, '256M': 35, '512M': 15, '64M': 5 }),
    max_execution_time: rng.pick([30, 30, 60, 120]),
    db_columns: columns,
    cron: cms === 'woocommerce' ? rng.pick(['wp-cron', 'system-cron']) : 'system-cron',
  };
}

/** ≈200 plugins over the four platforms; most belong to a handful of merchants. */
export function generatePlugins(rng: Random, now: number): DemoPlugin[] {
  const owners: string[] = [];
  for (const [merchant, count] of BIG_MERCHANTS) for (let i = 0; i < count; i++) owners.push(merchant);
  while (owners.length < DEMO_PLUGIN_COUNT) owners.push(rng.pick(SMALL_SHOPS));

  const counters = new Map<string, number>();
  return owners.map((merchant, index) => {
    // demo-merchant-1 runs one installation of each platform at least, so the simulator covers all four.
    const cms: Platform =
      merchant === DEMO_MERCHANT_ID && index < 4
        ? (['woocommerce', 'shopify', 'prestashop', 'magento'] as const)[index]!
        : rng.weighted(PLATFORM_WEIGHTS);
    const prefix = `${PLATFORM_PREFIX[cms]}-${merchant}`;
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    const createdDaysAgo = rng.int(35, 400);
    // Most plugins checked in within the last minutes; a few went quiet days ago.
    const lastSeenMs = rng.chance(0.85) ? rng.int(5, 900) * 1000 : rng.int(1, 10) * 86_400_000;
    return {
      id: `${prefix}-${String(n).padStart(2, '0')}`,
      merchant_id: merchant,
      cms,
      cms_version: rng.pick(CMS_VERSIONS[cms]),
      plugin_version: rng.pick(PLUGIN_VERSIONS),
      php_version: cms === 'shopify' ? null : rng.pick(PHP_VERSIONS[cms]),
      state: stateFor(rng, cms),
      last_seen_at: new Date(now - lastSeenMs).toISOString(),
      created_at: new Date(now - createdDaysAgo * 86_400_000).toISOString(),
    };
  });
}
