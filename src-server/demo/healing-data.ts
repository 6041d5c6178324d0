import type { HealingStatus } from '../../src-shared/domain/healing-state.js';
import { DEFAULT_APPROVAL_POLICY } from '../../src-shared/domain/review-rules.js';
import type { ProposedPatch } from '../../src-shared/schemas/autoheal.js';
import type { Severity } from '../../src-shared/schemas/common.js';
import type { CodeExcerpt } from '../../src-shared/schemas/preview.js';
import { applyMergePatch } from '../../src-shared/domain/merge-patch.js';
import { ISSUE_SCENARIOS, autoApplicable, scenariosFor, siraDecision, type IssueScenario } from './issues-data.js';
import type { DemoPlugin } from './plugins-data.js';
import type { Random } from './random.js';
import { DEMO_MERCHANT_ID } from './tokens.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Who the demo decisions are attributed to: the demo tokens' names and ids. */
export interface DemoActors {
  sira: { name: string; tokenId: string };
  reviewer: { name: string; tokenId: string };
  reviewer2: { name: string; tokenId: string };
  ops: { name: string; tokenId: string };
}

/** A healing log row plus what the seed needs to finish it in SQL (snapshot times). */
export interface DemoHealingLog {
  id: string;
  plugin_id: string;
  rule_name: string | null;
  detected_issue: string;
  issue_severity: Severity;
  patch_type: string;
  proposed_patch: ProposedPatch;
  sira_decision: Record<string, unknown>;
  sira_confidence: number;
  status: HealingStatus;
  auto_applied: boolean;
  required_approvals: number;
  approvals: Array<{ by: string; role: string; at: string; token_id: string }>;
  rejection_reason: string | null;
  patched_state: Record<string, unknown> | null;
  failure_reason: string | null;
  superseded_by: string | null;
  created_by: string;
  applied_by: string | null;
  applied_at: string | null;
  rolled_back_by: string | null;
  rolled_back_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** When the pre-patch snapshot was taken (logs that reached `applying`). */
  snapshot_at: string | null;
  /** When that snapshot was restored (rolled back, or failed and restored automatically). */
  restored_at: string | null;
  /** When the `apply_patch` command was queued / settled, for the command rows. */
  apply_started_at: string | null;
  /** Why a failed apply failed: the plugin said so, or its lease ran out too often. */
  failed_by_lease: boolean;
  /** The excerpt of the failing file the plugin's error carried (code patches). */
  excerpt: CodeExcerpt | null;
}

/** How many logs of each state the demo starts with (superseded ones also bring their successor). */
export const DEMO_STATUS_COUNTS: Readonly<Record<HealingStatus, number>> = {
  proposed: 3,
  pending_review: 36,
  approved: 10,
  applying: 10,
  applied: 80,
  rolled_back: 20,
  rejected: 26,
  failed: 16,
  superseded: 18,
};

const REJECTIONS = [
  'Patch touches the checkout table during peak hours; resubmit for the night window.',
  'Wrong diagnosis: the merchant disabled the column on purpose.',
  'Memory was raised last week already; the leak is in a third-party theme.',
  'The merchant is migrating to Shopify next week; not worth the risk.',
  'Code patches on this plugin need the vendor review first.',
  'Confidence too low for a change on a live store.',
  'Duplicate of a fix scheduled in plugin 3.1.1.',
];
const FAILURES = [
  "plugin reported: ALTER TABLE denied: user 'wp_shop'@'localhost' lacks the ALTER privilege",
  'plugin reported: could not write the configuration file (read-only filesystem)',
  'plugin reported: the merchant host refused to restart PHP-FPM',
  'plugin reported: verification after apply failed: checkout returned HTTP 500',
  'plugin reported: patch checksum mismatch, refused to apply',
];
/** The name the rules engine proposes under. */
export const RULES_ENGINE = 'rules-engine';
export const LEASE_FAILURE = 'the plugin did not acknowledge apply_patch within its lease 5 times';

const iso = (ms: number) => new Date(ms).toISOString();
const oneStepSeverity = (rng: Random, severity: Severity): Severity => {
  const order: Severity[] = ['low', 'medium', 'high', 'critical'];
  const shifted = order.indexOf(severity) + (rng.chance(0.5) ? 1 : -1);
  return order[Math.max(0, Math.min(3, shifted))]!;
};

/** How long before now a log in this state was proposed. */
function ageFor(rng: Random, status: HealingStatus): number {
  switch (status) {
    case 'proposed':
      return rng.int(5, 90) * 1000;
    case 'pending_review':
      return rng.chance(0.6) ? rng.int(2, 600) * MINUTE : rng.int(10, 144) * HOUR;
    case 'approved':
      return rng.int(10, 20 * 60) * MINUTE;
    case 'applying':
      return rng.int(3, 180) * MINUTE;
    default:
      return rng.int(6 * 60, 30 * 24 * 60) * MINUTE;
  }
}

/**
 * Generates healing logs in every state, coherent with the state machine: auto-applied ones are
 * confident and allowed by their rule; reviewed ones carry their approvals (critical ones need
 * two); applied, rolled back and failed ones went through a snapshot. Each plugin takes at most one
 * snapshot, so its current state is exactly its base state or the patched state of its applied log.
 */
export function generateHealingLogs(rng: Random, plugins: DemoPlugin[], actors: DemoActors, now: number): DemoHealingLog[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const demoPlugins = plugins.filter((p) => p.merchant_id === DEMO_MERCHANT_ID);
  const snapshotPool = rng.sample(plugins.filter((p) => p.merchant_id !== DEMO_MERCHANT_ID), plugins.length);
  // A few of demo-merchant-1's plugins wait for an apply, so the simulator's polls settle them live.
  const demoForApplying = rng.sample(demoPlugins, 3);
  // Logs that take no snapshot go on plugins that take none either: their preview compares the
  // patch with the plugin's state as it is, which an applied patch on the same plugin would move.
  const snapshots = (['applying', 'applied', 'rolled_back', 'failed'] as const).reduce((sum, s) => sum + DEMO_STATUS_COUNTS[s], 0);
  const snapshotted = new Set([...snapshotPool.slice(-snapshots), ...demoForApplying].map((p) => p.id));
  const unsnapshotted = plugins.filter((p) => !snapshotted.has(p.id));
  const openKeys = new Set<string>();
  const logs: DemoHealingLog[] = [];

  const make = (status: HealingStatus, options: { plugin?: DemoPlugin; scenario?: IssueScenario; createdAt?: number } = {}) => {
    const needsSnapshot = ['applying', 'applied', 'rolled_back', 'failed'].includes(status);
    let plugin = options.plugin;
    if (!plugin && status === 'applying' && demoForApplying.length > 0) plugin = demoForApplying.pop();
    if (!plugin && needsSnapshot) plugin = snapshotPool.pop();
    plugin ??= rng.pick(unsnapshotted.length > 0 ? unsnapshotted : plugins);
    const auto =
      !options.scenario && ['applying', 'applied', 'rolled_back', 'failed'].includes(status) && rng.chance(0.45);
    const wantsCritical = status === 'pending_review' && rng.chance(0.2);
    // Only issues whose patch changes this plugin: its preview shows a real difference.
    let candidates = scenariosFor(plugin.cms, plugin).filter((s) => (auto ? autoApplicable(s) : true));
    // Rolled-back automatic applies of a rule are what pause that rule: show some.
    const ruleAuto = candidates.filter((s) => s.rule !== null);
    if (auto && status === 'rolled_back' && ruleAuto.length > 0 && rng.chance(0.7)) candidates = ruleAuto;
    if (wantsCritical) candidates = candidates.filter((s) => s.severity === 'critical');
    if (candidates.length === 0) candidates = scenariosFor(plugin.cms, plugin);
    const scenario = options.scenario ?? rng.pick(candidates);
    const occurrence = scenario.occur(rng, plugin);
    const openKey = `${plugin.id}\n${scenario.rule ?? occurrence.message}`;
    if ((status === 'pending_review' || status === 'proposed') && !options.plugin) {
      if (openKeys.has(openKey)) return make(status, options);
      openKeys.add(openKey);
    }

    // Confidence: automation took it only at >= 85; a human saw it when automation could not take it.
    const [low, high] = scenario.confidence;
    const confidence = auto
      ? rng.float(Math.max(85, low), Math.max(86, high))
      : autoApplicable(scenario)
        ? rng.float(Math.min(low, 40), Math.min(high, 84.9))
        : rng.float(low, high);
    const severity = scenario.rule === null && rng.chance(0.2) ? oneStepSeverity(rng, scenario.severity) : scenario.severity;
    const required = DEFAULT_APPROVAL_POLICY[severity];
    const createdBy = scenario.rule !== null && rng.chance(0.6) ? RULES_ENGINE : actors.sira.name;

    let t = options.createdAt ?? now - ageFor(rng, status);
    const created = t;
    let version = 1;
    const log: DemoHealingLog = {
      id: rng.uuid(),
      plugin_id: plugin.id,
      rule_name: scenario.rule,
      detected_issue: occurrence.message,
      issue_severity: severity,
      patch_type: scenario.patchType,
      proposed_patch: occurrence.patch,
      sira_decision: siraDecision(rng, scenario, confidence),
      sira_confidence: confidence,
      status,
      auto_applied: auto,
      required_approvals: required,
      approvals: [],
      rejection_reason: null,
      patched_state: null,
      failure_reason: null,
      superseded_by: null,
      created_by: createdBy,
      applied_by: null,
      applied_at: null,
      rolled_back_by: null,
      rolled_back_at: null,
      created_at: iso(created),
      updated_at: iso(created),
      version: 1,
      snapshot_at: null,
      restored_at: null,
      apply_started_at: null,
      failed_by_lease: false,
      excerpt: occurrence.excerpt ?? null,
    };
    const step = (min: number, max: number) => {
      t = Math.min(now - 1000, t + rng.int(min, max));
      version += 1;
      return t;
    };

    if (status !== 'proposed') {
      if (!auto) step(0, 1000); // → pending_review
      const reviewers = [actors.reviewer, actors.reviewer2];
      const approvalsGiven = auto
        ? 0
        : ['approved', 'applying', 'applied', 'rolled_back', 'failed'].includes(status)
          ? required
        : status === 'pending_review' && required === 2 && rng.chance(0.6)
          ? 1
          : 0;
      if (auto) step(0, 500); // → approved by automation
      for (let i = 0; i < approvalsGiven; i++) {
        const reviewer = reviewers[i]!;
        log.approvals.push({ by: reviewer.name, role: 'reviewer', at: iso(step(5 * MINUTE, 6 * HOUR)), token_id: reviewer.tokenId });
      }
      if (status === 'rejected') {
        step(10 * MINUTE, 20 * HOUR);
        log.rejection_reason = rng.pick(REJECTIONS);
      }
      if (needsSnapshot) {
        const start = auto ? step(200, 2000) : step(2 * MINUTE, 3 * HOUR);
        log.apply_started_at = iso(start);
        log.snapshot_at = iso(start);
        log.applied_by = auto ? createdBy : actors.ops.name;
        const base = byId.get(plugin.id)!.state;
        log.patched_state = occurrence.patch.state_changes
          ? (applyMergePatch(base, occurrence.patch.state_changes) as Record<string, unknown>)
          : base;
        if (status === 'applied' || status === 'rolled_back') log.applied_at = iso(step(20_000, 15 * MINUTE));
        if (status === 'rolled_back') {
          log.rolled_back_at = iso(step(20 * MINUTE, 3 * DAY));
          log.rolled_back_by = actors.ops.name;
          log.restored_at = log.rolled_back_at;
        }
        if (status === 'failed') {
          log.failed_by_lease = rng.chance(0.2);
          log.failure_reason = log.failed_by_lease ? LEASE_FAILURE : rng.pick(FAILURES);
          log.restored_at = iso(step(30_000, log.failed_by_lease ? 6 * MINUTE : 10 * MINUTE));
        }
      }
    }
    log.updated_at = iso(t);
    log.version = version;
    logs.push(log);
    return log;
  };

  for (const [status, count] of Object.entries(DEMO_STATUS_COUNTS) as Array<[HealingStatus, number]>) {
    for (let i = 0; i < count; i++) {
      if (status !== 'superseded') {
        make(status);
        continue;
      }
      // A superseded proposal and the newer one for the same plugin and issue that replaced it.
      const older = make('superseded');
      const plugin = byId.get(older.plugin_id)!;
      const scenario = ISSUE_SCENARIOS.find((s) => s.key === older.sira_decision.scenario)!;
      const newerAt = Date.parse(older.created_at) + rng.int(HOUR, 2 * DAY);
      const newerKey = `${plugin.id}\n${scenario.rule ?? older.detected_issue}`;
      const newerStatus = openKeys.has(newerKey) || rng.chance(0.6) ? 'rejected' : 'pending_review';
      if (newerStatus === 'pending_review') openKeys.add(newerKey);
      const newer = make(newerStatus, {
        plugin,
        scenario,
        createdAt: Math.min(now - MINUTE, newerAt),
      });
      if (scenario.rule === null) {
        // The same error again: the same message, and the same excerpt of the file.
        newer.detected_issue = older.detected_issue;
        newer.excerpt = older.excerpt;
      }
      older.superseded_by = newer.id;
      older.updated_at = newer.created_at;
    }
  }
  return logs.sort((a, b) => a.created_at.localeCompare(b.created_at));
}
