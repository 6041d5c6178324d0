import { MolamClient, MolamError, type MolamClientOptions, type PatchApplication, type PaymentIntentCreate } from '../../src-sdk/index.js';
import type { Random } from './random.js';
import type { SdkFailureKey } from './sdk-failures.js';
import { createDemoSdkKeys, SandboxFaultSwitch, type DemoSdkKey } from './sdk-traffic-sandbox.js';
import type { SimulatorStats } from './simulator-actions.js';
import type { SimulatorClient } from './simulator-client.js';
import type { SimulatorLog } from './simulator.js';
import type { DemoTokenMap } from './tokens.js';

/**
 * What one run of the demo SDK does: a healthy call, or a call that meets the failure of one of the
 * demo's Node patches (named as the demo's failures are).
 */
export type SdkScenario = 'healthy' | Extract<SdkFailureKey, 'expired_key' | 'timeout' | 'invalid_currency' | 'clock_skew' | 'rate_limited' | 'missing_field' | 'unknown_key'>;

/**
 * The order of the runs. The first pass meets every failure once; the two that need the sandbox's
 * global fault switch (latency, rate limit) come once per cycle, the others more often.
 * `unknown_key` is answered by a patch that is bad on purpose: its retry fails and it rolls back. It
 * makes 6 of the cycle's 20 patch applications (30 %), so the runbook's rollback-rate alert (over
 * 20 % for 10 minutes) fires while that patch is served, and its rollout halts.
 */
export const SDK_SCENARIO_CYCLE: readonly SdkScenario[] = [
  'expired_key', 'invalid_currency', 'clock_skew', 'missing_field', 'unknown_key', 'rate_limited', 'timeout',
  'healthy', 'expired_key', 'unknown_key', 'invalid_currency', 'clock_skew', 'missing_field', 'unknown_key',
  'unknown_key', 'expired_key', 'invalid_currency', 'healthy', 'missing_field', 'unknown_key', 'clock_skew', 'unknown_key',
];

/** How far the skewed client's clock runs behind (the sandbox tolerates 300 s). */
export const DEMO_CLOCK_SKEW_MS = 15 * 60_000;
/** The slow client's timeout, and the latency injected while it calls: over it, and under twice it (the timeout patch doubles it). */
export const DEMO_SDK_TIMEOUT_MS = 1_000;
export const DEMO_INJECTED_LATENCY_MS = 1_300;
/** A rate limit the demo SDK's second call in a row runs into; the bucket refills in a second (Retry-After: 1). */
const BURST_RATE_LIMIT = { per_second: 1, burst: 1 };
/** A key the sandbox never issued: the demo's legacy integration still carries it. */
export const DECOMMISSIONED_KEY: DemoSdkKey = { apiKey: 'mk_test_demo_decommissioned_key', secretKey: 'sk_test_demo_decommissioned_secret' };

export interface SdkTrafficOptions {
  /** The server's own URL: the sandbox and the patch registry are both served there. */
  baseUrl: string;
  /** For the staff calls (sandbox keys, fault switch), counted with the simulator's other requests. */
  client: SimulatorClient;
  tokens: DemoTokenMap;
  /** The patch-signing keys the SDK pins, obtained in-process (see `demoPatchKeys`). */
  trustedPatchKeys: readonly string[];
  rng: Random;
  stats: SimulatorStats;
  log: SimulatorLog;
}

/** The demo's SDK integrations, each a real `MolamClient` configured the way its failure needs. */
interface DemoClients {
  /** A healthy key; no plain retries. */
  steady: MolamClient;
  /** Its key was rotated; the healthy key is configured as its fallback. */
  rotated: MolamClient;
  /** Its clock runs 15 minutes late. */
  skewed: MolamClient;
  /** A short timeout, meeting injected latency. */
  slow: MolamClient;
  /** An unknown key, and as `legacy_api_key` a fallback that was itself rotated: the bad patch cannot help it. */
  legacy: MolamClient;
}

/**
 * The demo's SDK traffic: real `MolamClient`s (the published SDK) calling the server's own payments
 * sandbox over HTTP, healing their failures with the registry's signed patches, and reporting every
 * application to the server in the background like any SDK. Every SDK figure the console and
 * `/metrics` show for the demo developer comes from these calls.
 */
export class DemoSdkTraffic {
  private clients: DemoClients | undefined;
  private runs = 0;
  private readonly faults: SandboxFaultSwitch;

  constructor(private readonly options: SdkTrafficOptions) {
    this.faults = new SandboxFaultSwitch(options.client, options.tokens.dev_admin);
  }

  /** One run: the next scenario of the cycle. */
  async tick(): Promise<SdkScenario> {
    const scenario = SDK_SCENARIO_CYCLE[this.runs % SDK_SCENARIO_CYCLE.length]!;
    this.runs += 1;
    await this.play(scenario);
    return scenario;
  }

  /** Runs one scenario now. A failed SDK call is an answer (counted in `sdkErrors`), not a failure. */
  async play(scenario: SdkScenario): Promise<void> {
    this.clients ??= await this.connect();
    try {
      await this.run(scenario, this.clients);
    } catch (error) {
      if (!(error instanceof MolamError)) throw error;
      this.options.stats.sdkErrors += 1;
      this.options.log.debug({ scenario, code: error.code, status: error.status, heal: error.heal }, 'demo SDK call failed');
    }
  }

  /** Sends the application reports the clients still hold. */
  async flush(): Promise<void> {
    await Promise.all(this.all().map((client) => client.flushReports()));
  }

  /** Closes every client (their pending reports are sent once) and puts back a fault switch left changed. */
  async close(): Promise<void> {
    const clients = this.all();
    this.clients = undefined;
    await Promise.all([...clients.map((client) => client.close()), this.faults.restore()]);
  }

  private all(): MolamClient[] {
    return this.clients ? Object.values(this.clients) : [];
  }

  private async connect(): Promise<DemoClients> {
    const { baseUrl, client, tokens, trustedPatchKeys, log, stats } = this.options;
    const keys = await createDemoSdkKeys(client, tokens.dev_admin);
    const common: Omit<MolamClientOptions, 'apiKey' | 'secretKey'> = {
      baseUrl,
      enableSelfHealing: true,
      sdkToken: tokens.sdk,
      trustedPatchKeys,
      logger: {
        info: (message, fields) => log.debug({ ...fields }, message),
        warn: (message, fields) => log.debug({ ...fields }, message),
      },
      onPatchApplied: (application: PatchApplication) => {
        stats.sdkReports += 1;
        if (application.success) stats.sdkHealed += 1;
        if (application.rollback_triggered) stats.sdkRollbacks += 1;
      },
    };
    const withKey = (key: DemoSdkKey, more: Partial<MolamClientOptions> = {}) =>
      new MolamClient({ ...common, apiKey: key.apiKey, secretKey: key.secretKey, ...more });
    // The app leaves transient failures (429, timeouts) to the patches rather than to plain retries,
    // so the demo shows them healing.
    return {
      steady: withKey(keys.active, { maxRetries: 0 }),
      // Both references the expired-key patch's versions name (v1 fallback_api_key, v2 secondary_api_key):
      // while v2 rolls out, a developer outside its share is still served v1.
      rotated: withKey(keys.rotated, { fallbackCredentials: { fallback_api_key: keys.active, secondary_api_key: keys.active } }),
      skewed: withKey(keys.active, { clock: () => Date.now() - DEMO_CLOCK_SKEW_MS }),
      slow: withKey(keys.active, { timeoutMs: DEMO_SDK_TIMEOUT_MS, maxRetries: 0 }),
      legacy: withKey(DECOMMISSIONED_KEY, { fallbackCredentials: { legacy_api_key: keys.rotated } }),
    };
  }

  private async run(scenario: SdkScenario, clients: DemoClients): Promise<void> {
    const order = this.order();
    switch (scenario) {
      case 'healthy': {
        const intent = await this.create(clients.steady, order);
        this.options.stats.sdkCalls += 1;
        await clients.steady.paymentIntents.retrieve(intent.id);
        return;
      }
      case 'expired_key':
        await this.create(clients.rotated, order);
        return;
      case 'timeout':
        await this.faults.during({ latency_ms: DEMO_INJECTED_LATENCY_MS, latency_rate: 1 }, () => this.create(clients.slow, order));
        return;
      case 'invalid_currency':
        await this.create(clients.steady, { ...order, currency: this.options.rng.pick(['CFA', 'FCFA', 'XOFF']) });
        return;
      case 'clock_skew':
        await this.create(clients.skewed, order);
        return;
      case 'rate_limited':
        // Two calls in a row: the first empties the bucket, the second meets the 429.
        await this.faults.during({ rate_limit: BURST_RATE_LIMIT }, async () => {
          await this.create(clients.steady, order);
          await this.create(clients.steady, this.order());
        });
        return;
      case 'missing_field': {
        const { currency: _currency, ...withoutCurrency } = order;
        await this.create(clients.steady, withoutCurrency);
        return;
      }
      case 'unknown_key':
        await this.create(clients.legacy, order);
        return;
    }
  }

  private async create(client: MolamClient, body: PaymentIntentCreate) {
    this.options.stats.sdkCalls += 1;
    const intent = await client.paymentIntents.create(body);
    this.options.stats.sdkPayments += 1;
    return intent;
  }

  private order(): PaymentIntentCreate & { currency: string } {
    const { rng } = this.options;
    return {
      amount: rng.int(5, 900) * 100,
      currency: rng.weighted({ XOF: 85, XAF: 10, EUR: 5 }),
      description: 'Order from the demo developer’s app',
      metadata: { order_id: String(rng.int(1000, 99_999)) },
    };
  }
}
