import { describe, expect, it } from 'vitest';
import { applyCodePatch, codeLanguageOf, codePatchFields } from '../../src-shared/domain/code-patch.js';
import { HEALING_STATUSES } from '../../src-shared/domain/healing-state.js';
import { changedTopLevelKeys, mergeStateChanges } from '../../src-shared/domain/merge-patch.js';
import { ReportedExcerptSchema } from '../../src-shared/schemas/autoheal.js';
import { generateHealingLogs, type DemoActors } from './healing-data.js';
import { generateCommands, generatePauses } from './healing-extras.js';
import { ISSUE_SCENARIOS, autoApplicable } from './issues-data.js';
import { generatePlugins } from './plugins-data.js';
import { Random } from './random.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const actor = (name: string) => ({ name, tokenId: `id-${name}` });
const ACTORS: DemoActors = { sira: actor('sira'), reviewer: actor('r1'), reviewer2: actor('r2'), ops: actor('ops') };
// The patterns of the four healing rules in migration 0003, matched case-insensitively.
const RULE_PATTERNS: Record<string, RegExp> = {
  outdated_php_dependency: /Fatal error:.*requires PHP.*/i,
  missing_database_column: /Unknown column.*in field list/i,
  memory_limit_exceeded: /Allowed memory size.*exhausted/i,
  api_key_expired: /401.*Unauthorized.*API key/i,
};

function generate(seed: number) {
  const rng = new Random(seed);
  const plugins = generatePlugins(rng, NOW);
  const logs = generateHealingLogs(rng, plugins, ACTORS, NOW);
  return { rng, plugins, logs };
}

describe('demo healing data', () => {
  const { rng, plugins, logs } = generate(7);
  const scenarioOf = (log: (typeof logs)[number]) => ISSUE_SCENARIOS.find((s) => s.key === log.sira_decision.scenario)!;

  it('is reproducible from its seed and differs with another seed', () => {
    expect(generate(7).logs).toEqual(logs);
    expect(generate(8).logs.map((l) => l.id)).not.toEqual(logs.map((l) => l.id));
  });

  it('covers every state of the state machine and every severity', () => {
    expect(new Set(logs.map((l) => l.status))).toEqual(new Set(HEALING_STATUSES));
    expect(new Set(logs.map((l) => l.issue_severity))).toEqual(new Set(['low', 'medium', 'high', 'critical']));
  });

  it('auto-applies only confident proposals that their rule allows, and sends the rest to review below the threshold', () => {
    for (const log of logs) {
      if (log.auto_applied) {
        expect(log.sira_confidence).toBeGreaterThanOrEqual(85);
        expect(autoApplicable(scenarioOf(log))).toBe(true);
        expect(log.approvals).toEqual([]);
      } else if (autoApplicable(scenarioOf(log))) {
        expect(log.sira_confidence).toBeLessThan(85);
      }
    }
    expect(logs.some((l) => l.auto_applied)).toBe(true);
  });

  it('records the approvals each state implies, critical ones needing two distinct reviewers', () => {
    for (const log of logs) {
      expect(log.required_approvals).toBe(log.issue_severity === 'critical' ? 2 : 1);
      const reviewed = ['approved', 'applying', 'applied', 'rolled_back', 'failed'].includes(log.status) && !log.auto_applied;
      if (reviewed) expect(log.approvals).toHaveLength(log.required_approvals);
      if (log.status === 'pending_review') expect(log.approvals.length).toBeLessThan(log.required_approvals);
      expect(new Set(log.approvals.map((a) => a.token_id)).size).toBe(log.approvals.length);
    }
    expect(logs.some((l) => l.status === 'pending_review' && l.required_approvals === 2 && l.approvals.length === 1)).toBe(true);
  });

  it('snapshots each plugin at most once, and only logs that reached applying', () => {
    const snapshotted = logs.filter((l) => l.snapshot_at !== null);
    expect(snapshotted.every((l) => ['applying', 'applied', 'rolled_back', 'failed'].includes(l.status))).toBe(true);
    expect(new Set(snapshotted.map((l) => l.plugin_id)).size).toBe(snapshotted.length);
    expect(snapshotted.every((l) => l.patched_state !== null)).toBe(true);
  });

  it('keeps every timeline in order and in the past', () => {
    for (const log of logs) {
      const times = [log.created_at, ...log.approvals.map((a) => a.at), log.apply_started_at, log.applied_at, log.rolled_back_at, log.updated_at]
        .filter((t): t is string => t !== null)
        .map(Date.parse);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
    }
  });

  it('links each superseded proposal to a newer one for the same plugin and issue, and leaves one open proposal per issue', () => {
    const byId = new Map(logs.map((l) => [l.id, l]));
    for (const log of logs.filter((l) => l.status === 'superseded')) {
      const newer = byId.get(log.superseded_by!)!;
      expect(newer.plugin_id).toBe(log.plugin_id);
      expect(newer.rule_name ?? newer.detected_issue).toBe(log.rule_name ?? log.detected_issue);
      expect(Date.parse(newer.created_at)).toBeGreaterThan(Date.parse(log.created_at));
    }
    const open = logs.filter((l) => l.status === 'pending_review' || l.status === 'proposed').map((l) => `${l.plugin_id}|${l.rule_name ?? l.detected_issue}`);
    expect(new Set(open).size).toBe(open.length);
  });

  it('writes rule-based errors that the rule patterns of the seed migration match', () => {
    for (const log of logs.filter((l) => l.rule_name !== null)) expect(log.detected_issue).toMatch(RULE_PATTERNS[log.rule_name!]!);
    for (const plugin of plugins.slice(0, 40)) {
      for (const scenario of ISSUE_SCENARIOS.filter((s) => s.rule !== null && s.platforms.includes(plugin.cms))) {
        expect(scenario.occur(rng, plugin).message).toMatch(RULE_PATTERNS[scenario.rule!]!);
      }
    }
  });

  it('gives every log past approval the commands that carried it out, and pauses rolled-back automatic rules', () => {
    const commands = generateCommands(new Random(1), logs, plugins, NOW);
    for (const log of logs.filter((l) => l.snapshot_at !== null)) {
      const mine = commands.filter((c) => c.healing_log_id === log.id);
      expect(mine.map((c) => c.command_type)).toEqual(log.status === 'rolled_back' ? ['apply_patch', 'rollback'] : ['apply_patch']);
      const expected = { applying: ['pending', 'leased'], applied: ['succeeded'], rolled_back: ['succeeded'], failed: ['failed', 'expired'] }[
        log.status as 'applying' | 'applied' | 'rolled_back' | 'failed'
      ];
      expect(expected).toContain(mine[0]!.status);
    }
    const pauses = generatePauses(new Random(1), logs, ACTORS, NOW);
    const active = pauses.filter((p) => p.resumed_at === null).map((p) => `${p.rule_name}|${p.plugin_id}`);
    expect(new Set(active).size).toBe(active.length);
    for (const pause of pauses) expect(logs.find((l) => l.id === pause.healing_log_id)).toMatchObject({ status: 'rolled_back', auto_applied: true });
  });

  it('gives every state patch a starting state it really changes, so no preview shows "no differences"', () => {
    const applied = new Map(logs.filter((l) => l.status === 'applied' && l.proposed_patch.state_changes).map((l) => [l.plugin_id, l]));
    const stateNow = (pluginId: string) => applied.get(pluginId)?.patched_state ?? plugins.find((p) => p.id === pluginId)!.state;
    // Applied ones against their snapshot (the plugin's state before), the others against the plugin now.
    const beforeOf = (log: (typeof logs)[number]) => (log.snapshot_at ? plugins.find((p) => p.id === log.plugin_id)!.state : stateNow(log.plugin_id));
    const withChanges = logs.filter((l) => l.proposed_patch.state_changes && l.status !== 'superseded');
    expect(withChanges.length).toBeGreaterThan(100);
    for (const log of withChanges) {
      const before = beforeOf(log);
      const after = mergeStateChanges(before, log.proposed_patch.state_changes!);
      expect(changedTopLevelKeys(before, after), `${log.status} ${log.sira_decision.scenario} on ${log.plugin_id}`).not.toEqual([]);
      if (log.patched_state) expect(log.patched_state).toEqual(after);
    }
    const currency = withChanges.filter((l) => l.proposed_patch.action === 'set_default_currency');
    expect(currency.length).toBeGreaterThan(0);
    for (const log of currency) expect(beforeOf(log).default_currency).not.toBe('XOF');
  });

  it('carries, with every code patch, an excerpt of its file that holds the failing line and the text it replaces', () => {
    const code = logs.filter((l) => l.patch_type === 'code_patch');
    expect(new Set(code.map((l) => codeLanguageOf(l.excerpt!.file)))).toEqual(new Set(['php', 'javascript']));
    for (const log of code) {
      const excerpt = ReportedExcerptSchema.parse(log.excerpt);
      const fields = codePatchFields(log.proposed_patch)!;
      expect(fields.file.endsWith(`/${excerpt.file}`) || fields.file === excerpt.file).toBe(true);
      expect(applyCodePatch(excerpt, fields).replacements).toBeGreaterThan(0);
      expect(log.detected_issue).toContain(`:${excerpt.failing_line}`);
      expect(excerpt.lines[excerpt.failing_line - excerpt.start_line]).toContain(fields.search);
    }
    expect(logs.filter((l) => l.patch_type !== 'code_patch').every((l) => l.excerpt === null)).toBe(true);
  });
});
