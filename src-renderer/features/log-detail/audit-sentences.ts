import type { IntlShape } from '@formatjs/intl';
import { isAuditAction, type AuditAction } from '../../../src-shared/domain/audit-actions.js';
import { formatPercent } from '../../../src-shared/domain/locale-format.js';
import type { AuditEntry } from '../../../src-shared/schemas/admin.js';

// The audit trail as sentences: each action code the server writes is an ICU message
// (`logDetail.audit.<code>` in ./messages), worded from the entry's details with plurals and selects
// the library handles. The details are read defensively: older rows (and the demo's) carry only part
// of the log, so every value a message may name is always given ('' when unknown) and a select says
// which form applies.

type Details = Record<string, unknown>;
type Values = Record<string, string | number>;
type Words = Pick<IntlShape, 'formatMessage' | 'locale'>;
type Sentence = (entry: { after: Details; before: Details }, percent: (value: number) => string) => Values;

const asDetails = (value: unknown): Details => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Details) : {});
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const count = (value: unknown): number | null => (Array.isArray(value) ? value.length : null);
const shortId = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value.slice(0, 8) : null);
const yes = (value: unknown) => (value === null || value === undefined || value === '' ? 'no' : 'yes');

/** `known` says whether the value is there, `value` carries it (never undefined in a message). */
const maybe = (key: string, value: string | number | null): Values => ({ [`${key}Known`]: yes(value), [key]: value ?? '' });
const reason = (value: unknown): Values => maybe('reason', text(value));

const NOTHING: Sentence = () => ({});

const SENTENCES: Readonly<Record<AuditAction, Sentence>> = {
  'healing_log.propose': ({ after }, percent) => {
    const confidence = num(after['sira_confidence']);
    return maybe('confidence', confidence === null ? null : percent(confidence));
  },
  'healing_log.auto_approve': ({ after }, percent) => {
    const confidence = num(after['sira_confidence']);
    const threshold = num(after['auto_apply_threshold']);
    const form = confidence === null ? 'none' : threshold === null ? 'noThreshold' : 'both';
    return { form, confidence: confidence === null ? '' : percent(confidence), threshold: threshold === null ? '' : percent(threshold) };
  },
  'healing_log.review_required': ({ after }) => reason(after['review_reason']),
  'healing_log.supersede': ({ after }) => maybe('log', shortId(after['superseded_by'])),
  'healing_log.approve': ({ after }) => {
    const given = count(after['approvals']);
    const needed = num(after['required_approvals']);
    return { tallyKnown: given !== null && needed !== null ? 'yes' : 'no', given: given ?? 0, needed: needed ?? 0 };
  },
  'healing_log.reject': ({ after }) => reason(after['rejection_reason']),
  'healing_log.apply': ({ after }) => ({ automatic: after['auto_applied'] === true ? 'yes' : 'no' }),
  'healing_log.applied': NOTHING,
  'healing_log.failed': ({ after }) => reason(after['failure_reason']),
  'healing_log.rollback': ({ after }) => ({
    ...maybe('cascadeOf', shortId(after['rollback_cascade_of'])),
    ...reason(after['rollback_reason']),
    cascaded: count(after['cascaded']) ?? 0,
  }),
  'auto_apply_pause.create': ({ after }) => ({ ...maybe('rule', text(after['rule_name'])), ...maybe('plugin', text(after['plugin_id'])) }),
  'auto_apply_pause.resume': ({ after }) => maybe('rule', text(after['rule_name'])),
  'approval_policy.update': NOTHING,
  'command.send': ({ after }) => maybe('command', text(after['command_type'])),
  'command.lease': ({ after }) => maybe('count', count(after['command_ids'])),
  'command.ack': ({ after }) => ({ failed: after['status'] === 'failed' ? 'yes' : 'no' }),
  'command.expire': NOTHING,
  'plugin.register': NOTHING,
  'plugin.patch': NOTHING,
  'plugin.restore': NOTHING,
  'rule.create': ({ after }) => maybe('name', text(after['name'])),
  'rule.update': ({ after }) => maybe('name', text(after['name'])),
  'interop.mapping.create': NOTHING,
  'interop.mapping.update': NOTHING,
  'interop.retry': NOTHING,
  'sdk_patch.create': NOTHING,
  'sdk_patch.new_version': NOTHING,
  'sdk_patch.approve': NOTHING,
  'sdk_patch.reject': ({ after }) => reason(after['reason'] ?? after['rejection_reason']),
  'sdk_patch.deactivate': ({ after }) => reason(after['reason']),
  'sdk_patch.reactivate': ({ after }) => reason(after['reason']),
  'sdk_patch.rollout_advance': ({ after }) => {
    const rollout = asDetails(after['rollout']);
    return { ...maybe('version', num(rollout['version'])), ...maybe('share', num(rollout['share_pct'])) };
  },
  'sdk_patch.rollout_hold': ({ after }) => maybe('version', num(asDetails(after['rollout'])['version'])),
  'sdk_patch.rollout_resume': ({ after }) => maybe('version', num(asDetails(after['rollout'])['version'])),
  'sdk_patch.rollout_abort': ({ after }) => ({ ...maybe('version', num(asDetails(after['rollout'])['version'])), ...reason(after['reason']) }),
  'sdk_patch.rollout_halt': ({ after }) => ({ ...maybe('version', num(asDetails(after['rollout'])['version'])), ...reason(after['reason']) }),
  'sandbox.key.create': NOTHING,
  'sandbox.key.rotate': NOTHING,
  'sandbox.faults.set': NOTHING,
  'token.create': NOTHING,
  'token.revoke': NOTHING,
};

/** The codes this module words (every code the server writes). */
export const WORDED_ACTIONS: readonly string[] = Object.keys(SENTENCES);

/** One audit entry as a sentence in the reader's language; an unknown code still reads as one, naming the code. */
export function auditSentence(intl: Words, entry: Pick<AuditEntry, 'action' | 'actor_name' | 'actor_role' | 'before' | 'after'>): string {
  const who = intl.formatMessage({ id: 'logDetail.audit.who' }, { name: entry.actor_name, role: entry.actor_role });
  if (!isAuditAction(entry.action)) return intl.formatMessage({ id: 'logDetail.audit.unknownAction' }, { who, action: entry.action });
  // A percentage as people read it: at most one decimal ("90.7%", "90,7 %").
  const percent = (value: number) => formatPercent(intl.locale, value / 100, 1);
  const values = SENTENCES[entry.action]({ after: asDetails(entry.after), before: asDetails(entry.before) }, percent);
  return intl.formatMessage({ id: `logDetail.audit.${entry.action}` }, { who, ...values });
}
