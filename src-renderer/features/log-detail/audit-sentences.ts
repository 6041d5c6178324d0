import { isAuditAction, type AuditAction } from '../../../src-shared/domain/audit-actions.js';
import type { AuditEntry } from '../../../src-shared/schemas/admin.js';

// The audit trail as sentences: each action code the server writes, worded from the entry's details.
// The details are read defensively: older rows (and the demo's) carry only part of the log.

type Details = Record<string, unknown>;
type Sentence = (entry: { who: string; after: Details; before: Details }) => string;

const asDetails = (value: unknown): Details => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Details) : {});
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const count = (value: unknown): number | null => (Array.isArray(value) ? value.length : null);
const shortId = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 8) : 'unknown');

/** A percentage as people read it: at most one decimal, a space before the sign. */
export function percent(value: number): string {
  return `${Number(value.toFixed(1))} %`;
}

/** `label name` when the entry names it, else the label alone. */
const named = (label: string, name: unknown) => (text(name) ? `${label} ${text(name)}` : label);

const withReason = (sentence: string, reason: unknown) => {
  const given = text(reason);
  return given ? `${sentence}: reason “${given}”` : `${sentence}, no reason given`;
};

const SENTENCES: Readonly<Record<AuditAction, Sentence>> = {
  'healing_log.propose': ({ who, after }) => {
    const confidence = num(after['sira_confidence']);
    return `Proposed by ${who}${confidence === null ? '' : ` with confidence ${percent(confidence)}`}`;
  },
  'healing_log.auto_approve': ({ after }) => {
    const confidence = num(after['sira_confidence']);
    const threshold = num(after['auto_apply_threshold']);
    if (confidence === null) return 'Auto-approved: its confidence reached the auto-apply threshold';
    if (threshold === null) return `Auto-approved: confidence ${percent(confidence)} reached the auto-apply threshold`;
    return `Auto-approved: confidence ${percent(confidence)} ≥ threshold ${percent(threshold)}`;
  },
  'healing_log.review_required': ({ after }) => {
    const reason = text(after['review_reason']);
    return reason ? `Sent to human review: ${reason}` : 'Sent to human review';
  },
  'healing_log.supersede': ({ after }) =>
    after['superseded_by'] ? `Superseded by a newer proposal (log ${shortId(after['superseded_by'])})` : 'Superseded by a newer proposal',
  'healing_log.approve': ({ who, after }) => {
    const given = count(after['approvals']);
    const needed = num(after['required_approvals']);
    return given !== null && needed !== null ? `Approved by ${who} — ${given} of ${needed} approvals` : `Approved by ${who}`;
  },
  'healing_log.reject': ({ who, after }) => withReason(`Rejected by ${who}`, after['rejection_reason']),
  'healing_log.apply': ({ who, after }) =>
    after['auto_applied'] === true
      ? 'Applied automatically: the plugin was sent the patch, after a snapshot'
      : `Apply started by ${who}: the plugin was sent the patch, after a snapshot`,
  'healing_log.applied': ({ who }) => `The plugin confirmed the patch is applied (acknowledged by ${who})`,
  'healing_log.failed': ({ after }) => {
    const reason = text(after['failure_reason']);
    return `The patch failed${reason ? `: ${reason}` : ''}; the plugin was restored to its snapshot`;
  },
  'healing_log.rollback': ({ who, after }) => {
    if (after['rollback_cascade_of']) return `Rollback cascaded from log ${shortId(after['rollback_cascade_of'])}: rolled back by ${who} with it`;
    const sentence = withReason(`Rolled back by ${who}`, after['rollback_reason']);
    const cascaded = count(after['cascaded']);
    return cascaded ? `${sentence} — ${cascaded} newer patch${cascaded === 1 ? ' was' : 'es were'} rolled back first` : sentence;
  },
  'auto_apply_pause.create': ({ after }) => {
    const rule = text(after['rule_name']);
    return `Auto-apply paused${rule ? ` for rule ${rule}` : ''} on plugin ${text(after['plugin_id']) ?? 'unknown'}`;
  },
  'auto_apply_pause.resume': ({ who, after }) => `Auto-apply resumed by ${who}${text(after['rule_name']) ? ` for rule ${text(after['rule_name'])}` : ''}`,
  'approval_policy.update': ({ who }) => `Approval policy changed by ${who}`,
  'command.send': ({ who, after }) => `${named('Command', after['command_type'])} queued for the plugin by ${who}`,
  'command.lease': ({ who, after }) => `${count(after['command_ids']) ?? 'Some'} command(s) picked up by the plugin (${who})`,
  'command.ack': ({ who, after }) =>
    after['status'] === 'failed' ? `The plugin reported a command failed (${who})` : `The plugin acknowledged a command (${who})`,
  'command.expire': () => 'A command expired: the plugin did not acknowledge it in time',
  'plugin.register': ({ who }) => `Plugin registered by ${who}`,
  'plugin.patch': ({ who }) => `Plugin state patched (${who})`,
  'plugin.restore': ({ who }) => `Plugin state restored from its snapshot (${who})`,
  'rule.create': ({ who, after }) => `${named('Healing rule', after['name'])} created by ${who}`,
  'rule.update': ({ who, after }) => `${named('Healing rule', after['name'])} changed by ${who}`,
  'interop.mapping.create': ({ who }) => `Event mapping created by ${who}`,
  'interop.mapping.update': ({ who }) => `Event mapping changed by ${who}`,
  'interop.retry': ({ who }) => `Interop events retried by ${who}`,
  'sdk_patch.create': ({ who }) => `SDK patch created by ${who}`,
  'sdk_patch.new_version': ({ who }) => `New SDK patch version written by ${who}`,
  'sdk_patch.approve': ({ who }) => `SDK patch version approved by ${who}`,
  'sdk_patch.reject': ({ who, after }) => withReason(`SDK patch version rejected by ${who}`, after['reason'] ?? after['rejection_reason']),
  'sdk_patch.deactivate': ({ who, after }) => withReason(`SDK patch deactivated by ${who}`, after['reason']),
  'sdk_patch.reactivate': ({ who, after }) => withReason(`SDK patch reactivated by ${who}`, after['reason']),
  'sandbox.key.create': ({ who }) => `Sandbox key created by ${who}`,
  'sandbox.key.rotate': ({ who }) => `Sandbox key rotated by ${who}`,
  'sandbox.faults.set': ({ who }) => `Sandbox faults set by ${who}`,
  'token.create': ({ who }) => `API token created by ${who}`,
  'token.revoke': ({ who }) => `API token revoked by ${who}`,
};

/** The codes this module words (every code the server writes). */
export const WORDED_ACTIONS: readonly string[] = Object.keys(SENTENCES);

/** One audit entry as a sentence; an unknown code still reads as one, naming the code. */
export function auditSentence(entry: Pick<AuditEntry, 'action' | 'actor_name' | 'actor_role' | 'before' | 'after'>): string {
  const who = `${entry.actor_name} (${entry.actor_role})`;
  if (!isAuditAction(entry.action)) return `${who} recorded an action this console does not know: ${entry.action}`;
  return SENTENCES[entry.action]({ who, after: asDetails(entry.after), before: asDetails(entry.before) });
}
