import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SELF_HEAL_ALERT_RULES } from '../../src-shared/domain/self-heal-alert-rules.js';

/*
 * The backend evaluates the same alerts as the Prometheus rules file: each alert's threshold, rate range,
 * `for:` and severity are read from the file and must equal the evaluator's, so the two cannot drift.
 */
const rulesFile = fileURLToPath(new URL('../../ops/prometheus/self-heal-alerts.rules.yml', import.meta.url));

interface PrometheusRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
}

const fileRules: PrometheusRule[] = (parse(readFileSync(rulesFile, 'utf8')) as { groups: Array<{ rules: PrometheusRule[] }> }).groups.flatMap(
  (group) => group.rules,
);

/** A Prometheus duration as used in the file (`10m`, `30s`, `1h`), in milliseconds. */
function durationMs(text: string): number {
  const match = /^(\d+)(s|m|h)$/.exec(text);
  if (!match) throw new Error(`unexpected duration ${text}`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[match[2] as 's' | 'm' | 'h'];
}

describe('the alerts the backend evaluates', () => {
  const evaluated = Object.values(SELF_HEAL_ALERT_RULES).filter((rule) => rule.rangeMs !== null);

  it('are every alert of the Prometheus rules file, and only those (besides halted rollouts)', () => {
    expect(fileRules.map((rule) => rule.alert).sort()).toEqual(evaluated.map((rule) => rule.name).sort());
  });

  it.each(evaluated.map((rule) => [rule.name, rule] as const))('%s has the threshold, range, for: and severity of the rules file', (name, rule) => {
    const fileRule = fileRules.find((candidate) => candidate.alert === name)!;
    const threshold = /> ([\d.]+)\s*$/.exec(fileRule.expr);
    expect(threshold, `${name}: its expression ends with "> <number>"`).not.toBeNull();
    expect(Number(threshold![1])).toBe(rule.threshold);

    const ranges = [...fileRule.expr.matchAll(/\[(\w+)\]/g)].map((range) => durationMs(range[1]!));
    expect(ranges.length).toBeGreaterThan(0);
    expect(new Set(ranges)).toEqual(new Set([rule.rangeMs]));

    expect(durationMs(fileRule.for ?? '0s')).toBe(rule.forMs);
    expect(fileRule.labels?.severity).toBe(rule.severity);
    expect(/sum by \(patch_id\)/.test(fileRule.expr)).toBe(rule.perPatch);
  });

  it('read the volume as applications per minute, as the rule multiplies the per-second rate by 60', () => {
    expect(fileRules.find((rule) => rule.alert === 'SelfHealHighVolume')!.expr).toMatch(/\*\s*60\s*>/);
  });
});
