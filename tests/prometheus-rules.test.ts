import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FAILURE_RATE_ALERT, ROLLBACK_RATE_ALERT } from '../src-shared/domain/sdk-patch-rules.js';

/*
 * The SDK runbook's alerts as a Prometheus rules file: its thresholds are the ones the console uses, and
 * promtool accepts the file and passes its unit tests (each alert fires after its `for:` duration above
 * its threshold, stays quiet just under it, and resolves). promtool comes from Debian's `prometheus`
 * package, which `.ci/run` installs; without it the promtool checks are skipped with a printed reason.
 */
const prometheusDir = fileURLToPath(new URL('../ops/prometheus/', import.meta.url));
const rulesFile = join(prometheusDir, 'self-heal-alerts.rules.yml');
const unitTestFiles = readdirSync(join(prometheusDir, 'tests'))
  .filter((name) => name.endsWith('.test.yml'))
  .map((name) => join(prometheusDir, 'tests', name));

const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const promtoolMissing = probe.error !== undefined || probe.status !== 0;
if (promtoolMissing) {
  console.log('prometheus-rules.test.ts: promtool checks skipped: promtool is not on PATH (apt-get install prometheus)');
}

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The number an alert's expression compares against, from its `expr: |` block. */
function threshold(alert: string): number {
  const text = readFileSync(rulesFile, 'utf8');
  const block = new RegExp(`- alert: ${alert}\\n\\s+expr: \\|\\n([\\s\\S]*?)\\n\\s+for:`).exec(text);
  if (!block) throw new Error(`${rulesFile} has no alert ${alert} with an expr block`);
  const comparison = /> ([\d.]+)\s*$/.exec(block[1]!);
  if (!comparison) throw new Error(`alert ${alert} does not end its expression with "> <number>"`);
  return Number(comparison[1]);
}

describe('the self-healing alert rules', () => {
  it('use the thresholds the console alerts on', () => {
    expect(threshold('SelfHealHighRollbackRate')).toBe(ROLLBACK_RATE_ALERT);
    expect(threshold('SelfHealPatchFailing')).toBe(FAILURE_RATE_ALERT);
    expect(threshold('SelfHealHighVolume')).toBe(100);
  });

  it('ship promtool unit tests', () => {
    expect(unitTestFiles.length).toBeGreaterThan(0);
  });

  it.skipIf(promtoolMissing)('pass `promtool check rules`', () => {
    const { status, output } = promtool('check', 'rules', rulesFile);
    expect(output).toContain('SUCCESS: 3 rules found');
    expect(status, output).toBe(0);
  });

  it.skipIf(promtoolMissing)('pass their `promtool test rules` unit tests', () => {
    const { status, output } = promtool('test', 'rules', ...unitTestFiles);
    expect(output).not.toContain('FAILED');
    expect(status, output).toBe(0);
  });
});
