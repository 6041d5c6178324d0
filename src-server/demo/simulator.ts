import { Random } from './random.js';
import {
  emptyStats,
  pollAndAcknowledge,
  proposePatch,
  refreshPlugins,
  sandboxPayment,
  sendBusinessEvents,
  sendPluginError,
  type ActionContext,
  type SimulatorStats,
} from './simulator-actions.js';
import { DemoSdkTraffic } from './sdk-traffic.js';
import { SimulatorClient } from './simulator-client.js';
import { DEMO_TOKEN_MAP, type DemoTokenMap } from './tokens.js';

/** Where the simulator reports its failures (a pino/Fastify logger fits). */
export interface SimulatorLog {
  debug(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
}

export interface SimulatorOptions {
  /** The server's own URL; all traffic goes through its HTTP API. */
  baseUrl: string;
  log?: SimulatorLog;
  tokens?: DemoTokenMap;
  /** Seed of the traffic's random choices (default: the clock). */
  seed?: number;
  /** Pause between ticks when all is well (default 1 s). */
  intervalMs?: number;
  /**
   * The patch-signing public keys the demo SDK pins, read in this process (`demoPatchKeys`), never
   * fetched over the channel the patches come through. Without them the simulator sends no SDK traffic.
   */
  trustedPatchKeys?: readonly string[];
}

/** What one tick did. */
export interface TickReport {
  requests: number;
  failures: number;
}

const MAX_BACKOFF_MS = 30_000;
const PLUGIN_REFRESH_TICKS = 60;
const silentLog: SimulatorLog = { debug: () => undefined, info: () => undefined };

/**
 * Demo traffic: every second or so it sends what a live fleet sends, over real HTTP with the demo
 * tokens: demo-merchant-1's plugins report native events (now and then an error a healing rule
 * matches) and poll and acknowledge their commands; the analyser proposes patches (a new one for
 * review every 10-20 s); the demo developer's app calls the sandbox through the real SDK, which
 * heals the failures it meets and reports each patch application (sdk-traffic.ts); the demo shop
 * takes sandbox payments. Failures are counted and logged at debug level and slow the ticks down
 * (exponential backoff); nothing the simulator meets can throw into the server.
 */
export class TrafficSimulator {
  readonly stats: SimulatorStats = emptyStats();
  private readonly ctx: ActionContext;
  private readonly sdk: DemoSdkTraffic | undefined;
  private readonly log: SimulatorLog;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickReport> | undefined;
  private stopped = true;
  private consecutiveFailedTicks = 0;
  private nextProposalTick = 0;
  private pollCursor = 0;

  constructor(options: SimulatorOptions) {
    this.log = options.log ?? silentLog;
    this.intervalMs = options.intervalMs ?? 1000;
    this.ctx = {
      client: new SimulatorClient(options.baseUrl, () => {
        this.stats.requests += 1;
      }),
      rng: new Random(options.seed ?? Date.now()),
      tokens: options.tokens ?? DEMO_TOKEN_MAP,
      stats: this.stats,
      plugins: [],
      occurrences: new Map(),
      sandboxKey: 0,
    };
    if (options.trustedPatchKeys && options.trustedPatchKeys.length > 0) {
      this.sdk = new DemoSdkTraffic({
        baseUrl: options.baseUrl,
        client: this.ctx.client,
        tokens: this.ctx.tokens,
        trustedPatchKeys: options.trustedPatchKeys,
        rng: this.ctx.rng,
        stats: this.stats,
        log: this.log,
      });
    }
  }

  /** Starts ticking in the background until `stop()`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops ticking, waits for a tick under way, and closes the SDK clients (their last reports are sent). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.sdk?.close().catch((error: unknown) => this.log.debug({ err: error }, 'closing the demo SDK failed'));
  }

  /** Sends the SDK's pending application reports now (they otherwise go in the background). */
  async flushSdkReports(): Promise<void> {
    await this.sdk?.flush();
  }

  /** Runs one round of traffic now. Never throws: failures are counted in the report and in `stats`. */
  tick(): Promise<TickReport> {
    const run = this.runTick();
    this.running = run;
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().then((report) => {
        const failedOnly = report.failures > 0 && report.failures >= report.requests;
        this.consecutiveFailedTicks = failedOnly ? this.consecutiveFailedTicks + 1 : 0;
        const delay = Math.min(MAX_BACKOFF_MS, this.intervalMs * 2 ** this.consecutiveFailedTicks);
        if (this.consecutiveFailedTicks === 3) this.log.info({ delayMs: delay }, 'demo traffic is failing; backing off');
        this.schedule(delay);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runTick(): Promise<TickReport> {
    const n = this.stats.ticks;
    this.stats.ticks += 1;
    const before = { requests: this.stats.requests, failures: this.stats.failures };
    const attempt = async (what: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch (error) {
        this.stats.failures += 1;
        this.log.debug({ err: error, action: what }, 'simulated traffic failed');
      }
    };
    const ctx = this.ctx;
    const rng = ctx.rng;

    if (ctx.plugins.length === 0 || n % PLUGIN_REFRESH_TICKS === 0) await attempt('list plugins', () => refreshPlugins(ctx));
    if (ctx.plugins.length > 0) {
      await attempt('interop events', () => sendBusinessEvents(ctx, rng.int(1, 2)));
      if (n === 0 || rng.chance(0.03)) await attempt('plugin error', () => sendPluginError(ctx));
      if (n >= this.nextProposalTick) {
        this.nextProposalTick = n + rng.int(10, 20);
        await attempt('proposal', () => proposePatch(ctx));
      }
      if (n % 3 === 0) {
        for (let i = 0; i < 2; i++) {
          const plugin = ctx.plugins[this.pollCursor++ % ctx.plugins.length]!;
          await attempt('poll commands', () => pollAndAcknowledge(ctx, plugin));
        }
      }
    }
    // The SDK traffic runs alone in its part of the tick: the sandbox faults it injects are restored before the shop pays.
    if (n % 2 === 0 && this.sdk) await attempt('sdk traffic', () => this.sdk!.tick().then(() => undefined));
    if (n % 7 === 0) await attempt('sandbox payment', () => sandboxPayment(ctx));
    return { requests: this.stats.requests - before.requests, failures: this.stats.failures - before.failures };
  }
}
