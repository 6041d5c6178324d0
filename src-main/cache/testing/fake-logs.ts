import type { HealingLog } from '../../../src-shared/schemas/autoheal.js';
import { HEALING_STATUSES } from '../../../src-shared/domain/healing-state.js';
import { SEVERITIES } from '../../../src-shared/schemas/common.js';

/** A deterministic uuid from a number (tests and benchmarks need many distinct, stable ids). */
export function uuidFor(n: number, prefix = '00000000'): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix}-0000-4000-8000-${hex}`;
}

/** A valid healing-log row as the server sends it; fields vary with `n`. */
export function fakeLog(n: number, overrides: Partial<HealingLog> = {}): HealingLog {
  const created = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    id: uuidFor(n),
    plugin_id: `plugin-${n % 50}`,
    rule_id: null,
    detected_issue: `Unknown column 'fee_${n}' in field list`,
    issue_severity: SEVERITIES[n % 4]!,
    patch_type: 'config_update',
    proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { [`fee_${n}`]: true } },
    sira_decision: { model: 'rules', score: n % 100 },
    sira_confidence: (n * 37) % 100,
    status: n % 3 === 0 ? 'pending_review' : HEALING_STATUSES[n % HEALING_STATUSES.length]!,
    auto_applied: false,
    required_approvals: 1,
    approvals: [],
    rejection_reason: null,
    snapshot_id: null,
    patched_state: null,
    failure_reason: null,
    superseded_by: null,
    created_by: 'sira',
    applied_by: null,
    applied_at: null,
    rolled_back_by: null,
    rolled_back_at: null,
    created_at: created,
    updated_at: created,
    version: 1,
    ...overrides,
  };
}
