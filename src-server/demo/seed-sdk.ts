import type { SdkPatchVersion } from '../../src-shared/schemas/sdk.js';
import type { Queryable } from '../db/database.js';
import { hashToken } from '../http/auth.js';
import { changeNoteOf, patchContentFrom } from '../sdk/patch-content.js';
import {
  activateVersion,
  deactivatePatch,
  insertPatch,
  insertVersion,
  recordNewVersion,
  rejectVersion,
  type PatchActor,
  supersedePending,
} from '../sdk/patch-repository.js';
import { PatchSigner } from '../sdk/signing.js';
import type { Random } from './random.js';
import { seedRollouts } from './seed-rollouts.js';
import { DEMO_PATCHES, DEMO_SANDBOX_KEYS, failureWeights, type DemoPatchPlan } from './sdk-data.js';
import { DEMO_DEVELOPERS, SDK_VERSIONS, UNPATCHED_FAILURES, sdkFailure, type SdkFailure } from './sdk-failures.js';
import { insertRows } from './seed-sql.js';
import { DEMO_DEVELOPER_ID, DEMO_TOKEN_MAP } from './tokens.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
/** SDK failures spread over the last month (answered or not). */
export const DEMO_SDK_APPLICATION_COUNT = 360;
/** The failures of a patch never served (retired, or waiting for review) in the seeded week, per unit of its usage. */
const UNSERVED_WEEK_FACTOR = 2;

interface SeededPatch {
  id: string;
  plan: DemoPatchPlan;
  /** [from, version]: which version was served from when (empty: never served). */
  served: Array<[number, number]>;
  deactivatedAt: number | null;
}

/** Who wrote and reviewed the demo patches: the demo tokens' ids (what the API records), or the given names without them. */
interface Authors {
  devAdmin: PatchActor;
  reviewer: PatchActor;
}

async function demoAuthors(db: Queryable, names: { devAdmin: string; reviewer: string }): Promise<Authors> {
  const actorOf = async (token: string, name: string): Promise<PatchActor> => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM api_tokens WHERE token_hash = $1', [hashToken(token)]);
    return { tokenId: rows[0]?.id ?? name, name };
  };
  return {
    devAdmin: await actorOf(DEMO_TOKEN_MAP.dev_admin, names.devAdmin),
    reviewer: await actorOf(DEMO_TOKEN_MAP.reviewer, names.reviewer),
  };
}

/**
 * Writes the demo patches through the registry's own functions, so every version is signed with
 * the server's key (in `dataDir`) exactly as an authored one would be; then dates their history
 * over the last month. The versions still waiting for review are the demo dev_admin's, so any
 * other staff token (the demo admin's included) may approve them.
 */
async function seedPatches(db: Queryable, dataDir: string, now: number, authors: Authors): Promise<SeededPatch[]> {
  const signer = new PatchSigner(dataDir);
  const seeded: SeededPatch[] = [];
  for (const [index, plan] of DEMO_PATCHES.entries()) {
    const language = plan.body.sdk_language;
    const content = patchContentFrom(plan.body, language);
    const patch = await insertPatch(db, content, authors.devAdmin);
    const sign = (version: number, c: typeof content) => signer.sign(db, { patch_id: patch.id, version, ...c });
    const first = plan.first ?? { fate: 'active' };
    const createdAt = first.fate === 'pending_review' ? now - 0.4 * DAY : now - (30 - index) * DAY;
    let version = await insertVersion(db, patch.id, 1, content, await sign(1, content), authors.devAdmin, changeNoteOf(plan.body));
    const served: Array<[number, number]> = [];
    if (first.fate === 'active') {
      version = (await activateVersion(db, version, authors.reviewer, first.comment ?? null)).version;
      served.push([createdAt + 0.2 * DAY, 1]);
    } else if (first.fate === 'rejected') {
      version = (await rejectVersion(db, version, authors.reviewer, first.reason)).version;
    }
    const dates: Array<[SdkPatchVersion, number, number | null]> = [[version, createdAt, first.fate === 'pending_review' ? null : createdAt + 0.2 * DAY]];

    for (const [offset, later] of (plan.later ?? []).entries()) {
      const number = offset + 2;
      const next = patchContentFrom({ ...plan.body, ...later.changes }, language);
      await supersedePending(db, patch.id);
      await recordNewVersion(db, patch.id, number, next);
      let written = await insertVersion(db, patch.id, number, next, await sign(number, next), authors.devAdmin, later.changes.change_note ?? null);
      const writtenAt = now - (later.fate === 'pending_review' ? 0.3 : 12 - offset) * DAY;
      const reviewedAt = later.fate === 'pending_review' ? null : writtenAt + 0.25 * DAY;
      if (later.fate === 'active') {
        written = (await activateVersion(db, written, authors.reviewer, later.comment ?? null)).version;
        served.push([reviewedAt!, number]);
      } else if (later.fate === 'rejected') {
        written = (await rejectVersion(db, written, authors.reviewer, later.reason ?? 'rejected in review')).version;
      }
      dates.push([written, writtenAt, reviewedAt]);
    }
    const deactivatedAt = plan.deactivated ? now - 9 * DAY : null;
    if (plan.deactivated) await deactivatePatch(db, patch.id, authors.devAdmin.name);

    await db.query('UPDATE sdk_self_healing_registry SET created_at = $2, updated_at = $3, deactivated_at = $4 WHERE id = $1', [
      patch.id,
      iso(createdAt),
      iso(Math.max(...dates.map(([, w, r]) => r ?? w), deactivatedAt ?? 0)),
      deactivatedAt === null ? null : iso(deactivatedAt),
    ]);
    for (const [row, writtenAt, reviewedAt] of dates) {
      await db.query('UPDATE sdk_patch_versions SET created_at = $2, reviewed_at = $3 WHERE id = $1', [
        row.id,
        iso(writtenAt),
        reviewedAt === null ? null : iso(reviewedAt),
      ]);
    }
    seeded.push({ id: patch.id, plan, served, deactivatedAt });
  }
  return seeded;
}

/** The lookups and application rows of the seeded SDK traffic, built side by side. */
class SdkTraffic {
  readonly lookups: object[] = [];
  readonly applications: object[] = [];

  constructor(private readonly rng: Random) {}

  /** One failure at `at`: its lookup, and the application of `patch` (version `version`) when one answered it. */
  record(at: number, failure: SdkFailure, answer: { patch: SeededPatch; version: number; success: boolean } | null): void {
    const { rng } = this;
    const developer = rng.chance(0.3) ? DEMO_DEVELOPER_ID : rng.pick(DEMO_DEVELOPERS);
    const sdkVersion = rng.pick(SDK_VERSIONS[failure.language]!);
    const context = { endpoint: 'POST /v1/payment_intents', attempt: 1, request_id: `req_${rng.token(14)}` };
    this.lookups.push({
      developer_id: developer,
      sdk_language: failure.language,
      sdk_version: sdkVersion,
      error_message: failure.error,
      status: failure.status ?? null,
      error_code: failure.error_code ?? null,
      patch_id: answer?.patch.id ?? null,
      patch_version: answer?.version ?? null,
      looked_up_at: iso(at - rng.int(20, 400)),
    });
    this.applications.push({
      report_id: answer ? `demo-${rng.token(20)}` : null,
      patch_id: answer?.patch.id ?? null,
      patch_version: answer?.version ?? null,
      developer_id: developer,
      sdk_language: failure.language,
      sdk_version: sdkVersion,
      error_encountered: failure.error,
      context,
      success: answer?.success ?? false,
      rollback_triggered: answer ? !answer.success : false,
      patch_applied: answer !== null,
      duration_ms: answer ? rng.int(40, failure.key === 'rate_limited' ? 9000 : 1800) : null,
      applied_at: iso(at),
    });
  }
}

/** The version a patch served at `at`. */
const servedAt = (patch: SeededPatch, at: number) => [...patch.served].reverse().find(([from]) => from <= at)![1];

/**
 * The month's traffic (skewed towards recent days), each patch's last day as its plan says, and a
 * week of errors no patch answers.
 */
function generateTraffic(rng: Random, patches: SeededPatch[], now: number): SdkTraffic {
  const traffic = new SdkTraffic(rng);
  const byKey = new Map(patches.map((p) => [p.plan.key, p]));
  const weights = failureWeights();
  for (let i = 0; i < DEMO_SDK_APPLICATION_COUNT; i++) {
    const key = rng.weighted(weights);
    const failure = sdkFailure(rng, key);
    const patch = key === 'unpatched' ? undefined : byKey.get(key);
    if (!patch || patch.served.length === 0) {
      traffic.record(now - 30 * DAY + Math.floor(rng.next() ** 0.7 * (30 * DAY - MINUTE)), failure, null);
      continue;
    }
    const from = patch.served[0]![0];
    const until = patch.deactivatedAt ?? now;
    const at = from + Math.floor(rng.next() ** 0.7 * (until - from - MINUTE));
    traffic.record(at, failure, { patch, version: servedAt(patch, at), success: !rng.chance(patch.plan.failureRate) });
  }
  for (const patch of patches) {
    const recent = patch.plan.recent;
    if (!recent || patch.served.length === 0 || patch.deactivatedAt !== null) continue;
    const version = patch.served.at(-1)![1];
    for (let i = 0; i < recent.day; i++) {
      const at = now - HOUR - MINUTE - rng.int(0, 22 * 60) * MINUTE;
      traffic.record(at, sdkFailure(rng, patch.plan.key), { patch, version, success: i >= recent.failedDay });
    }
    for (let i = 0; i < recent.hour; i++) {
      const at = now - MINUTE - rng.int(0, 57) * MINUTE;
      traffic.record(at, sdkFailure(rng, patch.plan.key), { patch, version, success: i >= recent.failedHour });
    }
  }
  // The week's errors no patch answers: those no patch covers, and those of patches never served.
  const unanswered: Array<[number, SdkFailure]> = [
    ...UNPATCHED_FAILURES.map(({ week, failure }): [number, SdkFailure] => [week, { key: 'unpatched', ...failure }]),
    ...patches.filter((p) => p.served.length === 0).map((p): [number, SdkFailure] => [UNSERVED_WEEK_FACTOR * p.plan.usage, sdkFailure(rng, p.plan.key)]),
  ];
  for (const [count, failure] of unanswered) {
    for (let i = 0; i < count; i++) traffic.record(now - MINUTE - Math.floor(rng.next() * (7 * DAY - 2 * MINUTE)), failure, null);
  }
  return traffic;
}

/**
 * The SDK side of the demo: the runbook's patches and those of the other SDKs (signed, with their
 * review history, two versions waiting for review), a month of lookups and application reports
 * (mostly successes, some rollbacks, a patch over each runbook alert, errors no patch covers), and
 * the demo developer's sandbox keys and payments.
 */
export async function seedSdk(
  db: Queryable,
  rng: Random,
  options: { dataDir: string; now: number; devAdmin: string; reviewer: string },
): Promise<number> {
  const { now } = options;
  const authors = await demoAuthors(db, options);
  const patches = await seedPatches(db, options.dataDir, now, authors);
  const traffic = generateTraffic(rng, patches, now);
  await insertRows(db, 'sdk_self_heal_lookups', Object.keys(traffic.lookups[0]!), traffic.lookups);
  await insertRows(db, 'sdk_patch_applications', Object.keys(traffic.applications[0]!), traffic.applications);
  await seedRollouts(db, patches.map((p) => ({ id: p.id, key: p.plan.key, served: p.served })), now);
  await seedSandbox(db, rng, now);
  return traffic.applications.length;
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
