// Every action code the server writes to its audit log, written once: the server's audit writer
// accepts only these, and the console turns each into a sentence (a new code fails to compile there
// until it has one).

export const AUDIT_ACTIONS = [
  'healing_log.propose',
  'healing_log.auto_approve',
  'healing_log.review_required',
  'healing_log.supersede',
  'healing_log.approve',
  'healing_log.reject',
  'healing_log.apply',
  'healing_log.applied',
  'healing_log.failed',
  'healing_log.rollback',
  'auto_apply_pause.create',
  'auto_apply_pause.resume',
  'approval_policy.update',
  'command.send',
  'command.lease',
  'command.ack',
  'command.expire',
  'plugin.register',
  'plugin.patch',
  'plugin.restore',
  'rule.create',
  'rule.update',
  'interop.mapping.create',
  'interop.mapping.update',
  'interop.retry',
  'sdk_patch.create',
  'sdk_patch.new_version',
  'sdk_patch.approve',
  'sdk_patch.reject',
  'sdk_patch.deactivate',
  'sdk_patch.reactivate',
  'sdk_patch.rollout_advance',
  'sdk_patch.rollout_hold',
  'sdk_patch.rollout_resume',
  'sdk_patch.rollout_abort',
  'sdk_patch.rollout_halt',
  'sandbox.key.create',
  'sandbox.key.rotate',
  'sandbox.faults.set',
  'token.create',
  'token.revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** Whether `code` is one the server writes (older rows or another server may hold others). */
export function isAuditAction(code: string): code is AuditAction {
  return KNOWN.has(code);
}
