import type { Platform } from '../../src-shared/schemas/common.js';
import type { Random } from './random.js';
import { DEMO_MERCHANT_ID } from './tokens.js';
// Who owns the demo's plugins and which versions they run: tables of values kept with the other data files.
import table from '../../resources/demo/plugins.json' with { type: 'json' };

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

/** The merchants that own most plugins, with how many each has (the demo merchant first); the rest go to small shops. */
const BIG_MERCHANTS: ReadonlyArray<[string, number]> = [[DEMO_MERCHANT_ID, 10], ...table.bigMerchants.map((m): [string, number] => [m.id, m.plugins])];
const SMALL_SHOPS = table.smallShops;
export const DEMO_PLUGIN_COUNT = 200;

const PLATFORM_PREFIX: Record<Platform, string> = { woocommerce: 'wc', shopify: 'shp', prestashop: 'ps', magento: 'mg' };
/** Share of each platform among installations (WooCommerce dominates the region). */
const PLATFORM_WEIGHTS: Record<Platform, number> = table.platformWeights;

// Shopify apps pin an Admin API version rather than a CMS release.
const CMS_VERSIONS: Record<Platform, readonly string[]> = table.cmsVersions;
const PHP_VERSIONS: Record<Exclude<Platform, 'shopify'>, readonly string[]> = table.phpVersions;
/** Molam plugin releases; the newest are the most installed. */
export const PLUGIN_VERSIONS: readonly string[] = table.pluginVersions;
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
