import { currencyExponent } from '../../src-shared/domain/money.js';
import type { PATCH_TYPES, ProposedPatch } from '../../src-shared/schemas/autoheal.js';
import type { Platform, Severity } from '../../src-shared/schemas/common.js';
import type { CodeExcerpt } from '../../src-shared/schemas/preview.js';
import { excerptOf, type ExcerptSource } from './code-excerpts-data.js';
import type { Random } from './random.js';

/** The four healing rules of the seed migration, with what the demo needs of them. */
export const SEED_RULES = {
  outdated_php_dependency: { autoApply: false, severity: 'high' },
  missing_database_column: { autoApply: true, severity: 'high' },
  memory_limit_exceeded: { autoApply: false, severity: 'medium' },
  api_key_expired: { autoApply: false, severity: 'critical' },
} as const satisfies Record<string, { autoApply: boolean; severity: Severity }>;
export type SeedRuleName = keyof typeof SEED_RULES;
type PatchType = (typeof PATCH_TYPES)[number];

/** What a scenario sees of the plugin it happens to. */
export interface IssuePlugin {
  id: string;
  cms: Platform;
  php_version: string | null;
  state: Record<string, unknown>;
}

/** A kind of failure a plugin meets in the field, and the patch that heals it. */
export interface IssueScenario {
  key: string;
  /** The seed rule whose pattern matches `message` (null: only the analyser knows this one). */
  rule: SeedRuleName | null;
  platforms: readonly Platform[];
  severity: Severity;
  patchType: PatchType;
  /** The analyser's usual confidence for it. */
  confidence: readonly [number, number];
  /**
   * True when the plugin is in a state this issue happens in, so that the patch really changes it
   * (a currency fix only where the currency is wrong). Absent: any plugin of the platforms.
   */
  applies?(plugin: IssuePlugin): boolean;
  /** One occurrence on `plugin`: the error it reports, the patch for it, and for code errors the excerpt the error carries. */
  occur(rng: Random, plugin: IssuePlugin): IssueOccurrence;
}

/** What one occurrence of an issue reports, and the patch that heals it. */
export interface IssueOccurrence {
  message: string;
  patch: ProposedPatch;
  excerpt?: CodeExcerpt;
}

const PHP: readonly Platform[] = ['woocommerce', 'prestashop', 'magento'];
const ALL: readonly Platform[] = ['woocommerce', 'shopify', 'prestashop', 'magento'];
const PLUGIN_FILE: Record<Platform, string> = {
  woocommerce: '/var/www/html/wp-content/plugins/molam-payments/includes/class-molam-gateway.php',
  prestashop: '/var/www/html/modules/molampayments/classes/MolamGateway.php',
  magento: '/var/www/html/app/code/Molam/Payments/Model/Gateway.php',
  shopify: 'molam-app/webhooks/orders.js',
};
/** The same files as paths inside the plugin, as an error's excerpt names them. */
const PLUGIN_PATH: Record<Platform, string> = {
  woocommerce: 'includes/class-molam-gateway.php',
  prestashop: 'classes/MolamGateway.php',
  magento: 'Model/Gateway.php',
  shopify: 'webhooks/orders.js',
};
const MEMORY_BYTES: Record<string, number> = { '64M': 67_108_864, '128M': 134_217_728, '256M': 268_435_456 };
const TABLE: Record<Platform, string> = {
  woocommerce: 'wp_molam_transactions',
  prestashop: 'ps_molam_transaction',
  magento: 'molam_payment_transaction',
  shopify: 'transactions',
};
const columnsOf = (plugin: IssuePlugin): string[] =>
  Array.isArray(plugin.state.db_columns) ? (plugin.state.db_columns as string[]) : [];
const missingColumn = (rng: Random, plugin: IssuePlugin): string => {
  const missing = ['merchant_fee', 'refunded_amount', 'customer_phone', 'idempotency_key'].filter((c) => !columnsOf(plugin).includes(c));
  return missing.length > 0 ? rng.pick(missing) : `fee_${rng.token(4)}`;
};

/**
 * An error in the plugin's own code, healed by a search and replace in the failing file. The error
 * names the file and line (`at`, as `path:line`) and carries the excerpt around that line.
 */
function codeScenario(spec: {
  key: string;
  platforms: readonly Platform[];
  severity: Severity;
  confidence: readonly [number, number];
  /** Where in the file the failing line falls. */
  lines: readonly [number, number];
  source: ExcerptSource;
  message: (at: string) => string;
  search: string;
  replace: string;
}): IssueScenario {
  return {
    key: spec.key,
    rule: null,
    platforms: spec.platforms,
    severity: spec.severity,
    patchType: 'code_patch',
    confidence: spec.confidence,
    occur: (rng, p) => {
      const line = rng.int(spec.lines[0], spec.lines[1]);
      return {
        message: spec.message(`${PLUGIN_FILE[p.cms]}:${line}`),
        patch: { type: 'code_patch', action: 'replace_in_file', file: PLUGIN_FILE[p.cms], search: spec.search, replace: spec.replace },
        excerpt: excerptOf(spec.source, PLUGIN_PATH[p.cms], line),
      };
    },
  };
}

export const ISSUE_SCENARIOS: readonly IssueScenario[] = [
  {
    key: 'missing_column',
    rule: 'missing_database_column',
    platforms: PHP,
    severity: 'high',
    patchType: 'database_patch',
    confidence: [55, 99],
    occur: (rng, p) => {
      const column = missingColumn(rng, p);
      const message = `SQLSTATE[42S22]: Column not found: 1054 Unknown column '${column}' in field list (INSERT INTO ${TABLE[p.cms]})`;
      const patch = {
        type: 'database_patch' as const,
        action: 'add_missing_column',
        table: TABLE[p.cms],
        column,
        definition: column.endsWith('amount') || column === 'merchant_fee' ? 'DECIMAL(12,2) NULL' : 'VARCHAR(64) NULL',
        state_changes: { db_columns: [...columnsOf(p), column] },
      };
      return { message, patch };
    },
  },
  {
    key: 'memory_limit',
    rule: 'memory_limit_exceeded',
    platforms: PHP,
    severity: 'medium',
    patchType: 'config_update',
    confidence: [62, 94],
    applies: (p) => typeof p.state.memory_limit === 'string' && p.state.memory_limit in MEMORY_BYTES,
    occur: (rng, p) => ({
      message:
        `PHP Fatal error:  Allowed memory size of ${MEMORY_BYTES[String(p.state.memory_limit)] ?? 134_217_728} bytes exhausted ` +
        `(tried to allocate ${rng.pick([20480, 65536, 4096])} bytes) in ${PLUGIN_FILE[p.cms]} on line ${rng.int(120, 900)}`,
      patch: {
        type: 'config_update',
        action: 'update_config',
        state_changes: { memory_limit: p.state.memory_limit === '256M' ? '512M' : '256M' },
      },
    }),
  },
  {
    key: 'php_too_old',
    rule: 'outdated_php_dependency',
    platforms: ['woocommerce', 'prestashop'],
    severity: 'high',
    patchType: 'dependency_update',
    confidence: [70, 96],
    applies: (p) => p.php_version === null || Number.parseFloat(p.php_version) < 8.1,
    occur: (_rng, p) => ({
      message: `PHP Fatal error:  Uncaught RuntimeException: molam/php-sdk 3.1.0 requires PHP >= 8.1.0, you are running ${p.php_version ?? '7.4'}.33`,
      patch: { type: 'dependency_update', action: 'suggest_upgrade', package: 'php', target_version: '8.2', pin_sdk: '3.0.1' },
    }),
  },
  {
    key: 'api_key_expired',
    rule: 'api_key_expired',
    platforms: ALL,
    severity: 'critical',
    patchType: 'notification',
    confidence: [86, 99],
    occur: (rng) => ({
      message: `Molam API returned 401 Unauthorized: API key mk_live_****${rng.token(4)} has expired`,
      patch: { type: 'notification', action: 'notify_merchant', channel: 'email', template: 'api_key_expired' },
    }),
  },
  {
    key: 'timeout',
    rule: null,
    platforms: ALL,
    severity: 'medium',
    patchType: 'config_update',
    confidence: [48, 98],
    applies: (p) => Number(p.state.timeout_s ?? 30) < 120,
    occur: (rng, p) => ({
      message:
        `cURL error 28: Operation timed out after ${Number(p.state.timeout_s ?? 30) * 1000 + rng.int(1, 9)} milliseconds ` +
        'with 0 bytes received (POST https://api.molam.com/v1/payment_intents)',
      patch: { type: 'config_update', action: 'raise_timeout', state_changes: { timeout_s: Math.min(120, Number(p.state.timeout_s ?? 30) * 2) } },
    }),
  },
  {
    key: 'invalid_currency',
    rule: null,
    platforms: ALL,
    severity: 'medium',
    patchType: 'config_update',
    confidence: [60, 97],
    // A merchant of the XOF zone whose currency was typed by hand ("FCFA") or left at a theme's EUR/USD.
    applies: (p) => !['XOF', 'XAF', 'GHS', 'NGN'].includes(String(p.state.default_currency)),
    occur: (_rng, p) => {
      const code = String(p.state.default_currency);
      return {
        message:
          currencyExponent(code) === undefined
            ? `Molam API 400 invalid_currency: '${code}' is not a supported currency code`
            : `Molam API 400 currency_not_enabled: ${code} is not enabled for this merchant account (settles in XOF)`,
        patch: { type: 'config_update', action: 'set_default_currency', state_changes: { default_currency: 'XOF' } },
      };
    },
  },
  {
    key: 'webhook_clock_skew',
    rule: null,
    platforms: ALL,
    severity: 'low',
    patchType: 'config_update',
    confidence: [52, 95],
    applies: (p) => p.state.webhook_tolerance_s !== 600,
    occur: (rng) => ({
      message: `Webhook signature rejected for payment.succeeded: timestamp outside tolerance (${rng.int(310, 900)} s; check the server clock)`,
      patch: { type: 'config_update', action: 'widen_webhook_tolerance', state_changes: { webhook_tolerance_s: 600 } },
    }),
  },
  {
    key: 'rate_limited',
    rule: null,
    platforms: ALL,
    severity: 'medium',
    patchType: 'config_update',
    confidence: [58, 96],
    applies: (p) => JSON.stringify(p.state.retry_policy) !== JSON.stringify({ max_attempts: 5, backoff_ms: 2000 }),
    occur: (rng) => ({
      message: `Molam API 429 Too Many Requests (Retry-After: ${rng.int(5, 60)}) while syncing ${rng.pick(['refunds', 'orders', 'payouts'])}`,
      patch: { type: 'config_update', action: 'slow_down_retries', state_changes: { retry_policy: { max_attempts: 5, backoff_ms: 2000 } } },
    }),
  },
  {
    key: 'duplicate_reference',
    rule: null,
    platforms: PHP,
    severity: 'high',
    patchType: 'database_patch',
    confidence: [45, 90],
    applies: (p) => !columnsOf(p).includes('idempotency_key'),
    occur: (rng, p) => ({
      message: `SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry 'ord_${rng.int(10000, 99999)}' for key '${TABLE[p.cms]}.transaction_ref'`,
      patch: {
        type: 'database_patch',
        action: 'add_idempotency_key',
        table: TABLE[p.cms],
        state_changes: { db_columns: [...new Set([...columnsOf(p), 'idempotency_key'])] },
      },
    }),
  },
  {
    key: 'ssl_bundle',
    rule: null,
    platforms: PHP,
    severity: 'high',
    patchType: 'config_update',
    confidence: [50, 93],
    applies: (p) => p.state.ca_bundle !== 'system',
    occur: () => ({
      message: 'cURL error 60: SSL certificate problem: unable to get local issuer certificate (https://api.molam.com)',
      patch: { type: 'config_update', action: 'use_system_ca_bundle', state_changes: { ca_bundle: 'system' } },
    }),
  },
  codeScenario({
    key: 'undefined_method',
    platforms: ['woocommerce'],
    severity: 'critical',
    confidence: [40, 82],
    lines: [200, 260],
    source: 'woocommerce_gateway',
    message: (at) => `PHP Fatal error:  Uncaught Error: Call to undefined method WC_Order::get_payment_tokens() in ${at}`,
    search: '$order->get_payment_tokens()',
    replace: 'WC_Payment_Tokens::get_order_tokens( $order->get_id() )',
  }),
  codeScenario({
    key: 'number_format_string',
    platforms: ['prestashop', 'magento'],
    severity: 'high',
    confidence: [45, 88],
    lines: [120, 180],
    source: 'php_module_gateway',
    message: (at) => `PHP Fatal error:  Uncaught TypeError: number_format(): Argument #1 ($num) must be of type float, string given in ${at}`,
    search: 'number_format($amount, 2',
    replace: 'number_format((float) $amount, 2',
  }),
  codeScenario({
    key: 'shopify_total_price_set',
    platforms: ['shopify'],
    severity: 'high',
    confidence: [50, 90],
    lines: [40, 70],
    source: 'shopify_webhook',
    message: (at) => `TypeError: Cannot read properties of undefined (reading 'shop_money') at handleOrderPaid (${at}:37)`,
    search: 'order.total_price_set.shop_money.amount',
    replace: '(order.current_total_price_set ?? order.total_price_set)?.shop_money?.amount ?? order.total_price',
  }),
  {
    key: 'debug_in_production',
    rule: null,
    platforms: ALL,
    severity: 'low',
    patchType: 'config_update',
    confidence: [70, 99],
    applies: (p) => p.state.debug === true,
    occur: (rng) => ({
      message: `Debug logging is on in live mode: molam-debug.log reached ${rng.float(0.8, 4.5)} GB`,
      patch: { type: 'config_update', action: 'disable_debug', state_changes: { debug: false } },
    }),
  },
  {
    key: 'shopify_api_sunset',
    rule: null,
    platforms: ['shopify'],
    severity: 'high',
    patchType: 'dependency_update',
    confidence: [60, 95],
    occur: () => ({
      message: 'Shopify Admin API version 2024-01 is past its sunset date; GraphQL calls now fall back to the oldest supported version',
      patch: { type: 'dependency_update', action: 'bump_api_version', target_version: '2025-01' },
    }),
  },
];

/** Scenarios that can happen on a platform; with a plugin, those whose patch changes that plugin's state. */
export function scenariosFor(cms: Platform, plugin?: IssuePlugin): IssueScenario[] {
  return ISSUE_SCENARIOS.filter((s) => s.platforms.includes(cms) && (!plugin || !s.applies || s.applies(plugin)));
}

/** True when automation may apply this scenario's patch at a high enough confidence. */
export function autoApplicable(scenario: IssueScenario): boolean {
  return scenario.rule === null || SEED_RULES[scenario.rule].autoApply;
}

/** What the analyser says about its proposal (stored as `sira_decision`). */
export function siraDecision(rng: Random, scenario: IssueScenario, confidence: number): Record<string, unknown> {
  return {
    model: 'sira-heal-2.4',
    scenario: scenario.key,
    confidence,
    risk: confidence >= 85 ? 'low' : confidence >= 65 ? 'medium' : 'high',
    similar_incidents: rng.int(0, 240),
    success_rate_on_similar: rng.float(0.7, 0.99, 2),
    reasoning:
      confidence >= 85
        ? 'Same signature fixed by this patch on comparable installations with no regression.'
        : 'Signature matches, but the installation differs from the cases this patch was validated on.',
  };
}
