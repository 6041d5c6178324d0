import type { SdkPatchVersion } from '../../src-shared/schemas/sdk.js';
import type { Queryable } from '../db/database.js';
import { patchContentFrom } from '../sdk/patch-content.js';
import {
  activateVersion,
  deactivatePatch,
  insertPatch,
  insertVersion,
  recordNewVersion,
  rejectVersion,
  supersedePending,
} from '../sdk/patch-repository.js';
import { PatchSigner } from '../sdk/signing.js';
import type { Random } from './random.js';
import { DEMO_DEVELOPERS, DEMO_PATCHES, DEMO_SANDBOX_KEYS, SDK_VERSIONS, sdkFailure, type SdkFailureKey } from './sdk-data.js';
import { insertRows } from './seed-sql.js';
import { DEMO_DEVELOPER_ID } from './tokens.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
export const DEMO_SDK_APPLICATION_COUNT = 360;
const USAGE: Record<SdkFailureKey, number> = {
  rate_limited: 30,
  timeout: 20,
  expired_key: 15,
  invalid_currency: 12,
  clock_skew: 10,
  missing_field: 8,
  backup_api: 5,
};

interface SeededPatch {
  id: string;
  key: SdkFailureKey;
  language: string;
  failureRate: number;
  /** [from, version]: which version was served from when. */
  served: Array<[number, number]>;
  deactivatedAt: number | null;
}

/**
 * Writes the demo patches through the registry's own functions, so every version is signed with
 * the server's key (in `dataDir`) exactly as an authored one would be; then dates their history
 * over the last month.
 */
async function seedPatches(db: Queryable, dataDir: string, now: number, authors: { devAdmin: string; reviewer: string }): Promise<SeededPatch[]> {
  const signer = new PatchSigner(dataDir);
  const seeded: SeededPatch[] = [];
  for (const [index, plan] of DEMO_PATCHES.entries()) {
    const language = plan.body.sdk_language;
    const content = patchContentFrom(plan.body, language);
    const patch = await insertPatch(db, content, authors.devAdmin);
    const sign = (version: number, c: typeof content) =>
      signer.sign(db, {
        patch_id: patch.id,
        version,
        sdk_language: language,
        error_signature: c.error_signature,
        match: c.match,
        actions: c.actions,
        patch_code: c.patch_code,
        rollback_code: c.rollback_code,
      });
    const createdAt = now - (30 - index) * DAY;
    const first = await insertVersion(db, patch.id, 1, content, await sign(1, content), authors.devAdmin);
    await activateVersion(db, first, authors.reviewer);
    const dates: Array<[SdkPatchVersion, number, number | null]> = [[first, createdAt, createdAt + 0.2 * DAY]];
    const served: Array<[number, number]> = [[createdAt + 0.2 * DAY, 1]];

    for (const [offset, later] of (plan.later ?? []).entries()) {
      const number = offset + 2;
      const next = patchContentFrom({ ...plan.body, ...later.changes }, language);
      await supersedePending(db, patch.id);
      await recordNewVersion(db, patch.id, number, next);
      let version = await insertVersion(db, patch.id, number, next, await sign(number, next), authors.devAdmin);
      const writtenAt = now - (later.fate === 'pending_review' ? 0.3 : 12 - offset) * DAY;
      const reviewedAt = later.fate === 'pending_review' ? null : writtenAt + 0.25 * DAY;
      if (later.fate === 'active') {
        version = (await activateVersion(db, version, authors.reviewer)).version;
        served.push([reviewedAt!, number]);
      } else if (later.fate === 'rejected') {
        version = (await rejectVersion(db, version, authors.reviewer, later.reason ?? 'rejected in review')).version;
      }
      dates.push([version, writtenAt, reviewedAt]);
    }
    const deactivatedAt = plan.deactivated ? now - 9 * DAY : null;
    if (plan.deactivated) await deactivatePatch(db, patch.id);

    await db.query('UPDATE sdk_self_healing_registry SET created_at = $2, updated_at = $3 WHERE id = $1', [
      patch.id,
      iso(createdAt),
      iso(Math.max(...dates.map(([, w, r]) => r ?? w), deactivatedAt ?? 0)),
    ]);
    for (const [version, writtenAt, reviewedAt] of dates) {
      await db.query('UPDATE sdk_patch_versions SET created_at = $2, reviewed_at = $3 WHERE id = $1', [
        version.id,
        iso(writtenAt),
        reviewedAt === null ? null : iso(reviewedAt),
      ]);
    }
    seeded.push({ id: patch.id, key: plan.key, language, failureRate: plan.failureRate, served, deactivatedAt });
  }
  return seeded;
}

/**
 * The SDK side of the demo: the runbook's patches (signed, with review history), a few hundred
 * application reports with their lookups (mostly successes, some rollbacks, some errors no patch
 * covers), and the demo developer's sandbox keys and payments.
 */
export async function seedSdk(
  db: Queryable,
  rng: Random,
  options: { dataDir: string; now: number; devAdmin: string; reviewer: string },
): Promise<number> {
  const { now } = options;
  const patches = await seedPatches(db, options.dataDir, now, options);
  const byKey = new Map(patches.map((p) => [p.key, p]));
  const applications = [];
  const lookups = [];
  for (let i = 0; i < DEMO_SDK_APPLICATION_COUNT; i++) {
    const unpatched = rng.chance(0.08);
    const key = unpatched ? 'unpatched' : rng.weighted(USAGE);
    const patch = unpatched ? undefined : byKey.get(key as SdkFailureKey)!;
    const firstServed = patch ? patch.served[0]![0] : now - 30 * DAY;
    const until = patch?.deactivatedAt ?? now;
    const at = firstServed + Math.floor(rng.next() ** 0.7 * (until - firstServed - 60_000));
    const version = patch ? [...patch.served].reverse().find(([from]) => from <= at)![1] : null;
    const language = patch?.language ?? 'node';
    const failure = sdkFailure(rng, key);
    const success = patch ? !rng.chance(patch.failureRate) : false;
    const developer = rng.chance(0.3) ? DEMO_DEVELOPER_ID : rng.pick(DEMO_DEVELOPERS);
    const sdkVersion = rng.pick(SDK_VERSIONS[language]!);
    const context = { endpoint: 'POST /v1/payment_intents', attempt: 1, request_id: `req_${rng.token(14)}` };
    lookups.push({
      developer_id: developer,
      sdk_language: language,
      sdk_version: sdkVersion,
      error_message: failure.error,
      status: failure.status ?? null,
      error_code: failure.error_code ?? null,
      patch_id: patch?.id ?? null,
      patch_version: version,
      looked_up_at: iso(at - rng.int(20, 400)),
    });
    applications.push({
      report_id: patch ? `demo-${rng.token(20)}` : null,
      patch_id: patch?.id ?? null,
      patch_version: version,
      developer_id: developer,
      sdk_language: language,
      sdk_version: sdkVersion,
      error_encountered: failure.error,
      context,
      success,
      rollback_triggered: patch ? !success : false,
      patch_applied: patch !== undefined,
      duration_ms: patch ? rng.int(40, failure.key === 'rate_limited' ? 9000 : 1800) : null,
      applied_at: iso(at),
    });
  }
  await insertRows(db, 'sdk_self_heal_lookups', Object.keys(lookups[0]!), lookups);
  await insertRows(db, 'sdk_patch_applications', Object.keys(applications[0]!), applications);
  await seedSandbox(db, rng, now);
  return applications.length;
}

async function seedSandbox(db: Queryable, rng: Random, now: number): Promise<void> {
  const keys = [
    ...DEMO_SANDBOX_KEYS.map((k) => ({ ...k, status: 'active', created_at: iso(now - 45 * DAY), expired_at: null })),
    {
      api_key: 'mk_test_demo_retired_key',
      secret_key: 'sk_test_demo_retired_secret',
      status: 'expired',
      created_at: iso(now - 120 * DAY),
      expired_at: iso(now - 46 * DAY),
    },
  ].map((k) => ({ ...k, developer_id: DEMO_DEVELOPER_ID }));
  await insertRows(db, 'sandbox_api_keys', Object.keys(keys[0]!), keys);
  const { rows } = await db.query<{ id: string }>('SELECT id FROM sandbox_api_keys WHERE api_key = $1', [DEMO_SANDBOX_KEYS[0].api_key]);
  const intents = Array.from({ length: 60 }, () => ({
    id: `pi_${rng.token(24)}`,
    api_key_id: rows[0]!.id,
    amount: rng.int(5, 900) * 100,
    currency: rng.weighted({ XOF: 80, XAF: 10, GHS: 5, EUR: 5 }),
    status: 'succeeded',
    description: rng.pick(['Order from the demo shop', 'Subscription renewal', 'Marketplace payout test']),
    customer: { email: `customer${rng.int(1, 500)}@example.com` },
    metadata: { order_id: String(rng.int(1000, 99_999)) },
    created_at: iso(now - Math.floor(rng.next() * 30 * DAY)),
  }));
  await insertRows(db, 'sandbox_payment_intents', Object.keys(intents[0]!), intents);
}
