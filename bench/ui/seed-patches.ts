import { join } from 'node:path';
import { shownRate } from '../../src-shared/domain/sdk-patch-rules.js';
import { PatchListFiltersSchema, type PatchListFilters } from '../../src-shared/ipc/patches.js';
import type { SDK_LANGUAGES, PatchAction, PatchMatch } from '../../src-shared/patch-format.js';
import type { Severity } from '../../src-shared/schemas/common.js';
import type { PatchFieldStats } from '../../src-shared/schemas/sdk-field.js';
import type { SdkPatch, SdkPatchVersion } from '../../src-shared/schemas/sdk.js';
import { CacheDb } from '../../src-main/cache/cache-db.js';
import { createRepositories } from '../../src-main/cache/repositories/index.js';
import { uuidFor } from '../../src-main/cache/testing/fake-logs.js';
import { Random } from '../../src-server/demo/random.js';
import { PatchListService } from '../../src-main/services/patches/patch-list-service.js';

/** The console's user in the patch phase: a dev_admin, so the editor is writable. */
export const BENCH_AUTHOR = { name: 'Bench Author', role: 'dev_admin', merchantId: null, tokenId: 'token-bench-author' } as const;
export const BENCH_DRAFT_ID = '0000dddd-0000-4000-8000-000000000001';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The kinds of failure the registry's patches answer, each with its match and actions. */
const KINDS: readonly { code: string; title: string; status: number; severity: Severity; pattern?: string; actions: PatchAction[] }[] = [
  { code: 'rate_limited', title: 'rate limited', status: 429, severity: 'medium', actions: [{ type: 'respect_retry_after', max_wait_ms: 30_000 }] },
  { code: 'gateway_timeout', title: 'gateway timeout', status: 504, severity: 'high', actions: [{ type: 'increase_timeout', factor: 2, max_ms: 60_000 }] },
  { code: 'invalid_currency', title: 'unsupported currency', status: 400, severity: 'low', actions: [{ type: 'set_currency', from: 'EUR', to: 'XOF' }] },
  { code: 'signature_expired', title: 'expired request signature', status: 401, severity: 'high', pattern: 'timestamp (too old|skew)', actions: [{ type: 'resign_request', clock_skew_tolerance_s: 300 }] },
  { code: 'missing_field', title: 'missing customer email', status: 422, severity: 'low', actions: [{ type: 'default_field', field: 'customer.email', value: 'noreply@molam.example' }] },
  { code: 'invalid_api_key', title: 'revoked API key', status: 401, severity: 'critical', actions: [{ type: 'use_fallback_credential', credential_ref: 'molam.secondary' }] },
  { code: 'idempotency_conflict', title: 'idempotency key reused', status: 409, severity: 'medium', pattern: 'idempotency key .* already used', actions: [{ type: 'set_option', key: 'idempotency.regenerate', value: true }] },
  {
    code: 'provider_unavailable',
    title: 'mobile money provider unavailable',
    status: 503,
    severity: 'high',
    actions: [
      { type: 'retry_with_backoff', max_attempts: 4, base_ms: 250, max_ms: 8_000 },
      { type: 'set_option', key: 'providers.fallback', value: { order: ['orange_money', 'wave', 'free_money'] } },
    ],
  },
];
const ENDPOINTS = ['/v1/payments', '/v1/refunds', '/v1/payouts', '/v1/customers', '/v1/transfers', '/v1/mobile-money/charges', '/v1/checkout/sessions', '/v1/webhooks'];
/** Node and Python carry most of the traffic; the other SDKs have fewer patches. */
const LANGUAGE_WEIGHTS: Readonly<Record<(typeof SDK_LANGUAGES)[number], number>> = { node: 30, python: 22, php: 16, java: 10, go: 9, ruby: 7, dotnet: 6 };
const AUTHORS = ['token-awa', 'token-moussa', 'token-fatou', 'token-ibrahima', BENCH_AUTHOR.tokenId];

type Lifecycle = 'active' | 'active_with_pending' | 'in_review' | 'retired' | 'deactivated';
const LIFECYCLES: Readonly<Record<Lifecycle, number>> = { active: 55, active_with_pending: 10, in_review: 15, retired: 12, deactivated: 8 };

interface SeededPatch {
  patch: SdkPatch;
  versions: SdkPatchVersion[];
  stats: PatchFieldStats | null;
}

/**
 * Registry patch `n`: a failure kind on an endpoint for one language, one to five versions by its
 * lifecycle (served, waiting for review, retired or deactivated), and field figures from a skewed
 * traffic (most patches fire rarely, a few a lot) of which some cross the runbook's alert thresholds.
 */
function benchPatch(n: number, now: number): SeededPatch {
  // The same seed gives the same registry.
  const random = new Random(n * 7919 + 17);
  const kind = random.pick(KINDS);
  const endpoint = random.pick(ENDPOINTS);
  const language = random.weighted(LANGUAGE_WEIGHTS);
  const lifecycle = random.weighted(LIFECYCLES);
  const id = uuidFor(n, '0000aaaa');
  const major = 1 + Math.floor(random.next() * 4);
  const match: PatchMatch = {
    sdk_language: language,
    status: kind.status,
    error_code: kind.code,
    ...(kind.pattern ? { message_pattern: kind.pattern } : {}),
    ...(random.chance(0.4) ? { sdk_version_range: `>=${major}.${Math.floor(random.next() * 10)}.0 <${major + 1}` } : {}),
  };
  const signature = `${kind.code} on ${endpoint} (${language} ${major}.x)`;
  const description = `When ${endpoint} answers ${kind.status} (${kind.title}), the SDK recovers instead of failing the call.`;
  const created = now - Math.floor(random.next() * 180 * DAY_MS) - DAY_MS;
  const served = lifecycle === 'active' || lifecycle === 'active_with_pending' || lifecycle === 'deactivated';
  const count = lifecycle === 'in_review' ? 1 : 1 + Math.floor(random.next() * (lifecycle === 'active_with_pending' ? 3 : 4));
  const activeVersion = served ? count : null;
  const author = random.pick(AUTHORS);
  const at = (version: number) => new Date(created + version * 3 * DAY_MS).toISOString();
  const versions: SdkPatchVersion[] = [];
  const total = lifecycle === 'active_with_pending' ? count + 1 : count;
  for (let v = 1; v <= total; v++) {
    const status: SdkPatchVersion['status'] =
      v === total && (lifecycle === 'in_review' || lifecycle === 'active_with_pending')
        ? 'pending_review'
        : v === activeVersion
          ? 'active'
          : lifecycle === 'retired' && v === total
            ? (random.chance(0.5) ? 'retired' : 'rejected')
            : 'superseded';
    const decided = status !== 'pending_review';
    versions.push({
      id: uuidFor(n * 10 + v, '0000bbbb'),
      patch_id: id,
      version: v,
      sdk_language: language,
      error_signature: signature,
      description,
      severity: kind.severity,
      match,
      actions: kind.actions,
      patch_code: null,
      rollback_code: null,
      content_hash: `sha256-${n}-${v}`,
      signature: decided ? 'c2lnbmF0dXJl' : null,
      key_id: decided ? 'registry-key-1' : null,
      status,
      created_by: author,
      created_by_name: `bench author ${author}`,
      created_at: at(v),
      reviewed_by: decided ? 'token-reviewer' : null,
      reviewed_by_name: decided ? 'bench reviewer' : null,
      reviewed_at: decided ? at(v) : null,
      rejection_reason: status === 'rejected' ? 'The match is broader than the failures it was written for.' : null,
      change_note: v === 1 ? null : `Narrower match after the field figures of version ${v - 1}.`,
      review_comment: status === 'active' ? 'Checked against last week’s failures.' : null,
    });
  }
  const updated = Math.min(now - HOUR_MS, created + total * 3 * DAY_MS + Math.floor(random.next() * DAY_MS));
  const patch: SdkPatch = {
    id,
    sdk_language: language,
    error_signature: signature,
    patch_code: null,
    rollback_code: null,
    description,
    severity: kind.severity,
    active: served && lifecycle !== 'deactivated',
    version: total,
    active_version: activeVersion,
    created_by: author,
    created_by_name: `bench author ${author}`,
    created_at: new Date(created).toISOString(),
    updated_at: new Date(updated).toISOString(),
    deactivated_at: lifecycle === 'deactivated' ? new Date(updated).toISOString() : null,
    deactivated_by: lifecycle === 'deactivated' ? 'token-ops' : null,
  };
  return { patch, versions, stats: served ? benchStats(id, random, now, lifecycle === 'deactivated') : null };
}

/** Field figures: applications heavy-tailed; about one patch in twenty rolls back a lot, one in twenty-five fails. */
function benchStats(patchId: string, random: Random, now: number, deactivated: boolean): PatchFieldStats {
  const applications7d = deactivated ? Math.floor(random.next() * 40) : Math.floor(Math.pow(random.next(), 3) * 20_000);
  const applications24h = Math.floor(applications7d * (deactivated ? 0 : 0.1 + random.next() * 0.1));
  const applications1h = Math.floor(applications24h / 24 + (random.chance(0.3) ? random.next() * 4 : 0));
  const rollingBack = random.chance(0.05);
  const failing = random.chance(0.04);
  const rollbacks24h = Math.floor(applications24h * (rollingBack ? 0.25 + random.next() * 0.3 : random.next() * 0.08));
  const failures1h = Math.floor(applications1h * (failing ? 0.6 + random.next() * 0.4 : random.next() * 0.2));
  const successes7d = Math.floor(applications7d * (0.75 + random.next() * 0.24));
  return {
    patch_id: patchId,
    applications_7d: applications7d,
    successes_7d: successes7d,
    success_rate_7d: shownRate(successes7d, applications7d, 0),
    applications_24h: applications24h,
    rollbacks_24h: rollbacks24h,
    rollback_rate_24h: shownRate(rollbacks24h, applications24h),
    applications_1h: applications1h,
    failures_1h: failures1h,
    failure_rate_1h: shownRate(failures1h, applications1h, 0),
    lookups_1h: Math.floor(applications1h * (1 + random.next())),
    last_seen_at: applications7d === 0 ? null : new Date(now - Math.floor(random.next() * (applications24h > 0 ? DAY_MS : 7 * DAY_MS))).toISOString(),
  };
}

/** One action of the benchmark draft: an option or a body field set to a nested routing table. */
function routingValue(i: number, last: boolean): Record<string, unknown> {
  const providers = ['orange_money', 'wave', 'free_money', 'mtn_momo', 'moov_money'];
  return {
    provider: providers[i % providers.length],
    priority: (i % 4) + 1,
    limits: { min_amount: 100, max_amount: 500_000 + i * 1000, daily_cap: 2_000_000, currency: 'XOF' },
    retry: { max_depth: 4, statuses: [502, 503, 504] },
    channels: ['ussd', 'app', 'qr', last ? 'kiosk' : 'web'],
  };
}

/**
 * The draft the editor benchmark types into: a new node patch with 20 actions (the format's maximum),
 * most setting nested routing tables, pretty-printed to about 500 lines, valid as seeded.
 */
export function benchDraftText(): string {
  const actions: PatchAction[] = [
    { type: 'retry_with_backoff', max_attempts: 3, base_ms: 250, max_ms: 8_000 },
    { type: 'increase_timeout', factor: 1.5, max_ms: 45_000 },
    { type: 'respect_retry_after', max_wait_ms: 20_000 },
  ];
  for (let i = 0; i < 17; i++) {
    const value = routingValue(i, i === 16);
    actions.push(i % 2 === 0 ? { type: 'set_option', key: `providers.route_${i}`, value } : { type: 'default_field', field: i === 9 ? 'customer.address.country' : `metadata.route_${i}`, value });
  }
  const draft = {
    sdk_language: 'node',
    error_signature: 'provider_unavailable on /v1/mobile-money/charges',
    description: 'Routes a charge to the next mobile money provider.',
    severity: 'high',
    match: { sdk_language: 'node', status: 503, error_code: 'provider_unavailable', message_pattern: 'provider .* unavailable', sdk_version_range: '>=2.0.0 <3' },
    actions,
  };
  return JSON.stringify(draft, null, 2);
}

/**
 * Adds to the cache seeded by `seedCache`: `count` registry patches with their versions and field
 * figures (as a pull and a figures refresh would leave them), the identity of a dev_admin, and the
 * benchmark draft (`benchDraftText`) under `BENCH_DRAFT_ID`.
 */
export function seedPatches(dataDir: string, count: number, now = Date.now()): void {
  const cache = CacheDb.open({ file: join(dataDir, 'cache.sqlite') });
  try {
    const repos = createRepositories(cache);
    cache.transaction(() => {
      const stats: PatchFieldStats[] = [];
      for (let n = 1; n <= count; n++) {
        const seeded = benchPatch(n, now);
        repos.entities.sdk_patch.upsert(seeded.patch);
        for (const version of seeded.versions) repos.entities.sdk_patch_version.upsert(version);
        if (seeded.stats) stats.push(seeded.stats);
      }
      const computedAt = new Date(now - 5 * 60_000).toISOString();
      repos.fieldStats.putFieldStats({ computed_at: computedAt, patches: stats, unpatched: [] }, new Date(now - 4 * 60_000).toISOString());
      repos.syncState.setIdentity({ ...BENCH_AUTHOR });
      const savedAt = new Date(now - 10 * 60_000).toISOString();
      repos.drafts.insert({ id: BENCH_DRAFT_ID, patchId: null, baseVersion: null, text: benchDraftText(), changeNote: '', createdAt: savedAt, savedAt, submittedAt: null });
    });
  } finally {
    cache.close();
  }
}

/** How many rows the Patches screen lists under each of `filters`, read by its own list service. */
export function expectedRowCounts(dataDir: string, filters: readonly Partial<PatchListFilters>[]): number[] {
  const cache = CacheDb.open({ file: join(dataDir, 'cache.sqlite') });
  const service = new PatchListService(createRepositories(cache));
  try {
    return filters.map((f) => service.list({ filters: PatchListFiltersSchema.parse(f), sort: { column: 'last_change_at', direction: 'desc' } }).rows.length);
  } finally {
    service.dispose();
    cache.close();
  }
}
