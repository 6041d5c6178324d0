import { randomUUID } from 'node:crypto';
import type { Plugin } from '../../src-shared/schemas/plugins.js';
import { signSandboxRequest } from '../sandbox/signature.js';
import { scenariosFor, siraDecision, type IssueOccurrence } from './issues-data.js';
import { nativeEvent, pluginErrorEvent, standardEvent, type NativeEvent } from './interop-data.js';
import type { Random } from './random.js';
import { DEMO_SANDBOX_KEYS } from './sdk-data.js';
import type { SimulatorClient } from './simulator-client.js';
import type { DemoTokenMap } from './tokens.js';

/** Running totals of what the simulator sent and what came of it. */
export interface SimulatorStats {
  ticks: number;
  requests: number;
  failures: number;
  interopEvents: number;
  pluginErrors: number;
  proposals: number;
  autoApplied: number;
  pendingReview: number;
  commandsAcked: number;
  /** Calls the demo SDK made (see sdk-traffic.ts), the payment intents they created, and those that failed all the same. */
  sdkCalls: number;
  sdkPayments: number;
  sdkErrors: number;
  /** Patch applications the demo SDK reported: healed calls and rolled-back patches. */
  sdkReports: number;
  sdkHealed: number;
  sdkRollbacks: number;
  payments: number;
}

export const emptyStats = (): SimulatorStats => ({
  ticks: 0,
  requests: 0,
  failures: 0,
  interopEvents: 0,
  pluginErrors: 0,
  proposals: 0,
  autoApplied: 0,
  pendingReview: 0,
  commandsAcked: 0,
  sdkCalls: 0,
  sdkPayments: 0,
  sdkErrors: 0,
  sdkReports: 0,
  sdkHealed: 0,
  sdkRollbacks: 0,
  payments: 0,
});

/** What every action works with. */
export interface ActionContext {
  client: SimulatorClient;
  rng: Random;
  tokens: DemoTokenMap;
  stats: SimulatorStats;
  /** demo-merchant-1's plugins, as the server last listed them. */
  plugins: Plugin[];
  /** The same failure keeps the same message on a plugin, so a new proposal supersedes the last one. */
  occurrences: Map<string, IssueOccurrence>;
  /** Which demo sandbox key the simulated shop uses (it moves to the fallback after a rotation). */
  sandboxKey: number;
}

const ACK_FAILURES = [
  'could not write the configuration file (read-only filesystem)',
  'post-apply health check failed: checkout returned HTTP 500',
  'database user lacks the ALTER privilege',
];

/** The merchant's plugins, to send their events and poll their commands. */
export async function refreshPlugins(ctx: ActionContext): Promise<void> {
  const { body } = await ctx.client.send('GET', '/api/v1/plugins?limit=100', { token: ctx.tokens.merchant });
  ctx.plugins = (body as { items: Plugin[] }).items;
}

async function sendEvent(ctx: ActionContext, plugin: Plugin, event: NativeEvent): Promise<{ proposals?: string[] }> {
  const { body } = await ctx.client.send('POST', '/api/v1/plugins/interop/event', {
    token: ctx.tokens.merchant,
    body: { plugin_id: plugin.id, event_type: event.event_type, payload: event.payload, event_id: event.event_id, occurred_at: new Date().toISOString() },
  });
  return body as { proposals?: string[] };
}

/** Platform-native business events (orders, payments, refunds), a few standard ones. */
export async function sendBusinessEvents(ctx: ActionContext, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const plugin = ctx.rng.pick(ctx.plugins);
    await sendEvent(ctx, plugin, ctx.rng.chance(0.08) ? standardEvent(ctx.rng) : nativeEvent(ctx.rng, plugin.cms));
    ctx.stats.interopEvents += 1;
  }
}

/** A `plugin.error` whose message a seed rule matches: the rules engine proposes a patch for it. */
export async function sendPluginError(ctx: ActionContext): Promise<void> {
  const plugin = ctx.rng.pick(ctx.plugins);
  const ack = await sendEvent(ctx, plugin, pluginErrorEvent(ctx.rng, plugin, true));
  ctx.stats.pluginErrors += 1;
  ctx.stats.proposals += ack.proposals?.length ?? 0;
}

/**
 * The analyser proposes a patch. Most proposals fall below the auto-apply threshold and wait for a
 * reviewer; the confident ones are applied by automation when their rule allows it.
 */
export async function proposePatch(ctx: ActionContext): Promise<void> {
  const { rng } = ctx;
  const plugin = rng.pick(ctx.plugins);
  const scenario = rng.pick(scenariosFor(plugin.cms, plugin));
  const key = `${plugin.id}\n${scenario.key}`;
  let occurrence = ctx.occurrences.get(key);
  if (!occurrence) {
    occurrence = scenario.occur(rng, plugin);
    ctx.occurrences.set(key, occurrence);
  }
  const confidence = rng.chance(0.65) ? rng.float(40, 84.9) : rng.float(85, 99.5);
  const { body } = await ctx.client.send('POST', '/api/v1/plugins/autoheal', {
    token: ctx.tokens.sira,
    body: {
      plugin_id: plugin.id,
      detected_issue: occurrence.message,
      issue_severity: scenario.severity,
      patch_type: scenario.patchType,
      proposed_patch: occurrence.patch,
      sira_confidence: confidence,
      ...(scenario.rule ? { rule: scenario.rule } : {}),
      sira_decision: siraDecision(rng, scenario, confidence),
      ...(occurrence.excerpt ? { context: { excerpt: occurrence.excerpt } } : {}),
    },
  });
  ctx.stats.proposals += 1;
  if ((body as { auto_applied: boolean }).auto_applied) ctx.stats.autoApplied += 1;
  else ctx.stats.pendingReview += 1;
}

/** The plugin polls its command queue and acknowledges each command: mostly success, some failures. */
export async function pollAndAcknowledge(ctx: ActionContext, plugin: Plugin): Promise<void> {
  const { body } = await ctx.client.send('GET', `/api/v1/plugins/autoheal/commands/${encodeURIComponent(plugin.id)}?limit=5&lease_seconds=30`, {
    token: ctx.tokens.merchant,
  });
  for (const command of (body as { commands: Array<{ id: string; command_type: string }> }).commands) {
    const success = !ctx.rng.chance(command.command_type === 'apply_patch' ? 0.12 : 0.05);
    await ctx.client.send('POST', `/api/v1/plugins/autoheal/commands/${command.id}/ack`, {
      token: ctx.tokens.merchant,
      body: success
        ? { success: true, result: { duration_ms: ctx.rng.int(60, 3000) } }
        : { success: false, error: ctx.rng.pick(ACK_FAILURES) },
      // Another server process (or an expired lease) may have settled it first.
      expect: [200, 409],
    });
    ctx.stats.commandsAcked += 1;
  }
}

/**
 * The demo shop takes a payment through the sandbox, signed with its key. The sandbox may refuse it
 * (rate limit, injected faults, an unsupported currency now and then): those are answers, not
 * failures. After a key rotation the shop moves to its fallback key.
 */
export async function sandboxPayment(ctx: ActionContext): Promise<void> {
  const { rng } = ctx;
  const key = DEMO_SANDBOX_KEYS[ctx.sandboxKey % DEMO_SANDBOX_KEYS.length]!;
  const raw = JSON.stringify({
    amount: rng.int(5, 900) * 100,
    // Every twelfth order comes with a currency code the sandbox refuses.
    currency: ctx.stats.payments % 12 === 11 ? 'CFA' : rng.weighted({ XOF: 85, XAF: 10, EUR: 5 }),
    description: 'Order from the demo shop',
    metadata: { order_id: String(rng.int(1000, 99_999)) },
  });
  const { status, body } = await ctx.client.send('POST', '/v1/payment_intents', {
    token: key.api_key,
    rawBody: raw,
    headers: { 'molam-signature': signSandboxRequest(key.secret_key, raw, Date.now() / 1000), 'idempotency-key': `sim-${randomUUID()}` },
    expect: [201, 400, 401, 429, 503],
  });
  ctx.stats.payments += 1;
  if (status === 401 && (body as { error?: { code?: string } }).error?.code === 'api_key_expired') ctx.sandboxKey += 1;
}
