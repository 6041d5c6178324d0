/**
 * SDK benchmark against the reference server's payments sandbox, on loopback, in one run:
 *
 *   npm run bench:sdk
 *   BENCH_SDK_CALLS=1000 BENCH_SDK_HEALS=50 npm run bench:sdk
 *
 * 1. Happy path, side by side: the SDK (self-healing on, its patch set loaded, patch keys pinned)
 *    creating a payment intent, and the same request made with plain `fetch` (the same signed
 *    headers: an Idempotency-Key and a `Molam-Signature` from the SDK's `signRequest`, both made
 *    inside the timed call). The two alternate call by call (ABBA order) after a warm-up, so drift
 *    of the machine weighs on both alike. `sdk_overhead_pct` compares their medians.
 * 2. `heal_401_ms`: a key is rotated in the sandbox; an approved, signed patch switches to a
 *    fallback credential. Every call with the rotated key heals again (the SDK heals a copy of each
 *    call, so its own key stays the one it was given): one rotation gives all the heals. The time is
 *    measured from the moment the 401's headers reach this process (Node's `undici:request:headers`
 *    diagnostics channel) to `onPatchApplied`, which the client calls once the healed retry has
 *    succeeded, before the call returns.
 *
 * The server runs in a child process (PGlite). The last line is one JSON object.
 */
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { loadavg } from 'node:os';
import { MolamClient, signRequest, SIGNATURE_HEADER_NAME, type MolamClientOptions, type PatchApplication } from '../../src-sdk/index.js';
import { median, percentile } from '../support/percentiles.js';
import { report } from '../support/report.js';
import { startBenchSandbox, type BenchSandbox, type SandboxKey } from './sandbox-setup.js';

const CALLS = Number(process.env.BENCH_SDK_CALLS ?? 400);
const WARMUP = Number(process.env.BENCH_SDK_WARMUP ?? 50);
const HEALS = Number(process.env.BENCH_SDK_HEALS ?? 30);
const HEAL_WARMUP = 3;
const INTENT = { amount: 5000, currency: 'XOF', description: 'bench order' };
const INTENTS_PATH = '/v1/payment_intents';

/** A logger that keeps the SDK's warnings (printed at the end) and counts its info lines. */
function benchLogger() {
  const warnings: string[] = [];
  let infos = 0;
  return { warnings, infos: () => infos, info: () => void infos++, warn: (message: string, fields?: Record<string, unknown>) => void warnings.push(`${message} ${JSON.stringify(fields ?? {})}`) };
}

type BenchLogger = ReturnType<typeof benchLogger>;

/** A self-healing client on `key`, its patch set loaded; resolves with the number of patches it holds. */
async function readyClient(sandbox: BenchSandbox, key: SandboxKey, logger: BenchLogger, extra: Partial<MolamClientOptions> = {}) {
  const client = new MolamClient({
    apiKey: key.api_key,
    secretKey: key.secret_key,
    baseUrl: sandbox.url,
    enableSelfHealing: true,
    sdkToken: sandbox.sdkToken,
    trustedPatchKeys: sandbox.trustedPatchKeys,
    logger,
    ...extra,
  });
  let patches = -1;
  client.once('ready', (event) => (patches = event.patches));
  await client.whenReady();
  if (patches < 1) throw new Error(`the SDK's patch set did not load (${patches} patches); warnings: ${logger.warnings.join('; ')}`);
  return { client, patches };
}

/** The SDK's request made by hand: signed and keyed inside the timed call, as a caller without the SDK would. */
async function plainCreate(baseUrl: string, key: SandboxKey): Promise<number> {
  const started = performance.now();
  const raw = JSON.stringify(INTENT);
  const response = await fetch(new URL(INTENTS_PATH, baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key.api_key}`,
      'content-type': 'application/json',
      'idempotency-key': `molam-sdk-${randomUUID()}`,
      [SIGNATURE_HEADER_NAME.toLowerCase()]: signRequest(key.secret_key, raw, Date.now() / 1000),
    },
    body: raw,
  });
  const body = (await response.json()) as { id?: string };
  const elapsed = performance.now() - started;
  if (!response.ok || !body.id) throw new Error(`plain fetch answered ${response.status}: ${JSON.stringify(body)}`);
  return elapsed;
}

async function sdkCreate(client: MolamClient): Promise<number> {
  const started = performance.now();
  const created = await client.paymentIntents.create(INTENT);
  const elapsed = performance.now() - started;
  if (!created.id) throw new Error('the SDK returned an intent without an id');
  return elapsed;
}

async function happyPath(sandbox: BenchSandbox) {
  const key = await sandbox.createKey('bench-happy');
  const logger = benchLogger();
  const { client, patches } = await readyClient(sandbox, key, logger);
  console.log(`happy path: SDK with self-healing on, ${patches} patches loaded; ${WARMUP} warm-up calls each, then ${CALLS} each, alternating`);
  const sdk: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    // ABBA: the order within a pair alternates, so neither side always runs second.
    let sdkMs: number;
    let plainMs: number;
    if (i % 2 === 0) {
      sdkMs = await sdkCreate(client);
      plainMs = await plainCreate(sandbox.url, key);
    } else {
      plainMs = await plainCreate(sandbox.url, key);
      sdkMs = await sdkCreate(client);
    }
    if (i < WARMUP) continue;
    sdk.push(sdkMs);
    plain.push(plainMs);
  }
  if (client.getPatchHistory().length > 0) throw new Error('the happy path applied a patch: a call failed');
  await client.close();
  return { sdk, plain, warnings: logger.warnings };
}

async function heals(sandbox: BenchSandbox) {
  const primary = await sandbox.createKey('bench-rotated');
  const backup = await sandbox.createKey('bench-rotated');
  const patchId = await sandbox.approvedPatch({
    description: 'Switch to the backup key after a rotation',
    match: { status: 401, error_code: 'api_key_expired' },
    actions: [{ type: 'use_fallback_credential', credential_ref: 'backup' }],
  });
  await sandbox.rotateKey(primary.api_key);
  // Written by the callbacks during a call, read after it; a fresh one per call.
  let seen: { received401?: number; healedAt?: number; application?: PatchApplication } = {};
  const logger = benchLogger();
  const { client, patches } = await readyClient(sandbox, primary, logger, {
    fallbackCredentials: { backup: { apiKey: backup.api_key, secretKey: backup.secret_key } },
    onPatchApplied: (application) => {
      seen.healedAt = performance.now();
      seen.application = application;
    },
  });
  const onHeaders = (message: unknown) => {
    const { request, response } = message as { request: { path: string }; response: { statusCode: number } };
    if (response.statusCode === 401 && request.path === INTENTS_PATH) seen.received401 ??= performance.now();
  };
  diagnostics.subscribe('undici:request:headers', onHeaders);
  console.log(`heals: key rotated, ${patches} patches loaded; ${HEAL_WARMUP} warm-up heals, then ${HEALS}`);
  const heal: number[] = [];
  const firstAttempt: number[] = [];
  const whole: number[] = [];
  try {
    for (let i = 0; i < HEAL_WARMUP + HEALS; i++) {
      seen = {};
      const started = performance.now();
      await client.paymentIntents.create(INTENT);
      const ended = performance.now();
      const { received401, healedAt, application } = seen;
      if (received401 === undefined || healedAt === undefined) throw new Error('a call with the rotated key did not go through a 401 and a heal');
      if (application?.patch_id !== patchId || !application.success) throw new Error(`unexpected application: ${JSON.stringify(application)}`);
      if (i < HEAL_WARMUP) continue;
      heal.push(healedAt - received401);
      firstAttempt.push(received401 - started);
      whole.push(ended - started);
    }
  } finally {
    diagnostics.unsubscribe('undici:request:headers', onHeaders);
  }
  await client.close();
  return { heal, firstAttempt, whole, warnings: logger.warnings, logged: logger.infos() };
}

async function main(): Promise<void> {
  console.log(`load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const sandbox = await startBenchSandbox();
  try {
    await sandbox.approvedPatch({ description: 'Fall back to XOF', match: { status: 400, error_code: 'invalid_currency' }, actions: [{ type: 'set_currency', to: 'XOF' }] });
    const happy = await happyPath(sandbox);
    const healed = await heals(sandbox);
    for (const warning of [...happy.warnings, ...healed.warnings]) console.log(`SDK warning: ${warning}`);
    console.log(`heal log lines: ${healed.logged}; load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
    const sdkMedian = median(happy.sdk);
    const fetchMedian = median(happy.plain);
    const ok = report(
      'sdk',
      {
        sdk_overhead_pct: (100 * (sdkMedian - fetchMedian)) / fetchMedian,
        sdk_median_ms: sdkMedian,
        fetch_median_ms: fetchMedian,
        sdk_p95_ms: percentile(happy.sdk, 95),
        fetch_p95_ms: percentile(happy.plain, 95),
        // The median of each pair's difference: less moved by the server's own spread than the medians' difference.
        sdk_minus_fetch_paired_median_ms: median(happy.sdk.map((ms, i) => ms - happy.plain[i]!)),
        happy_calls_each: happy.sdk.length,
        heal_401_ms: median(healed.heal),
        heal_401_p95_ms: percentile(healed.heal, 95),
        heal_first_attempt_median_ms: median(healed.firstAttempt),
        heal_call_median_ms: median(healed.whole),
        heals: healed.heal.length,
      },
      { sdk_overhead_pct: '<= 5', heal_401_ms: '<= 50' },
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await sandbox.stop();
  }
}

await main();
