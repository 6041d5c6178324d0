import type { z } from 'zod';
import type { HealingLog, ProposeBody, ProposeResponseSchema } from '../../src-shared/schemas/autoheal.js';
import type { Rule } from '../../src-shared/schemas/rules.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { badRequest } from '../http/errors.js';
import { getPlugin } from '../plugins/repository.js';
import { applyApprovedLog, describeApplying, patchApplyingOn } from './apply.js';
import { auditAs, transitionLog, type SystemActor } from './healing-logs.js';
import { findActivePause } from './pauses.js';
import { requiredApprovals } from './policy.js';
import { redactSecrets } from './secret-redaction.js';

/**
 * Who proposes: the analyser's token (with `principal` for the audit log), or the rules engine
 * with the rule it matched (audited as a system actor).
 */
export interface ProposeActor {
  name: string;
  ruleId?: string | null;
  principal?: { id: string; role: string };
}

type ProposeResponse = z.infer<typeof ProposeResponseSchema>;

async function findRule(db: Queryable, input: ProposeBody, actor: ProposeActor): Promise<Rule | null> {
  if (actor.ruleId) {
    const { rows } = await db.query<Rule>('SELECT * FROM auto_healing_rules WHERE id = $1', [actor.ruleId]);
    if (!rows[0]) throw badRequest(`rule ${actor.ruleId} does not exist`, 'rule');
    return rows[0];
  }
  if (input.rule === undefined) return null;
  const { rows } = await db.query<Rule>('SELECT * FROM auto_healing_rules WHERE name = $1', [input.rule]);
  if (!rows[0]) throw badRequest(`body.rule: no healing rule is named "${input.rule}"`, 'body.rule');
  return rows[0];
}

/** The confidence at or above which automation may apply a proposal (the rule's, else the server default). */
function autoApplyThreshold(ctx: ServerContext, rule: Rule | null): number {
  return rule ? rule.auto_apply_threshold : ctx.config.defaultAutoApplyThreshold;
}

/** Why automation may not apply this proposal; empty when it may. */
async function reviewReasons(
  db: Queryable,
  ctx: ServerContext,
  input: ProposeBody,
  rule: Rule | null,
): Promise<string[]> {
  const reasons: string[] = [];
  const threshold = autoApplyThreshold(ctx, rule);
  if (input.sira_confidence < threshold) {
    reasons.push(`confidence ${input.sira_confidence} is below the auto-apply threshold ${threshold}`);
  }
  if (rule && !rule.active) reasons.push(`rule ${rule.name} is inactive, so it does not auto-apply`);
  else if (rule && !rule.auto_apply) reasons.push(`rule ${rule.name} does not allow auto-apply`);
  if (rule) {
    const pause = await findActivePause(db, rule.id, input.plugin_id);
    if (pause) {
      reasons.push(`auto-apply is paused for rule ${rule.name} on plugin ${input.plugin_id} by ${pause.paused_by} since ${pause.paused_at}`);
    }
  }
  return reasons;
}

/**
 * Records a proposed patch and decides its path: auto-applied (snapshot + `apply_patch` command)
 * when confidence reaches the threshold and automation is allowed, else pending review with the
 * reason. A proposal automation would apply also waits for review while another patch on the plugin
 * is applying (one apply at a time per plugin). Older open proposals for the same plugin and rule (or, without a rule, the same issue)
 * are superseded by it. Throws 404 for an unknown plugin, 400 (`body.rule`) for an unknown rule.
 */
export async function proposePatch(
  db: Queryable,
  ctx: ServerContext,
  input: ProposeBody,
  actor: ProposeActor,
): Promise<ProposeResponse> {
  const auditor: SystemActor = actor.principal
    ? { id: actor.principal.id, name: actor.name, role: actor.principal.role }
    : { id: `system:${actor.name}`, name: actor.name, role: 'system' };
  // Proposals for one plugin are serialised on its row, so superseding sees every earlier proposal.
  await getPlugin(db, input.plugin_id, true);
  const rule = await findRule(db, input, actor);
  const inserted = await db.query<HealingLog>(
    `INSERT INTO plugin_auto_healing_logs
       (plugin_id, rule_id, detected_issue, issue_severity, patch_type, proposed_patch, sira_decision,
        sira_confidence, status, required_approvals, created_by)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, 'proposed', $9, $10) RETURNING *`,
    [
      input.plugin_id,
      rule?.id ?? null,
      // The issue is text from a failing shop (an error message, a log line): no secret is kept.
      redactSecrets(input.detected_issue),
      input.issue_severity,
      input.patch_type,
      JSON.stringify(input.proposed_patch),
      JSON.stringify(input.sira_decision ?? {}),
      input.sira_confidence,
      await requiredApprovals(db, input.issue_severity),
      actor.name,
    ],
  );
  let log = inserted.rows[0]!;
  await auditAs(db, auditor, { action: 'healing_log.propose', entityType: 'healing_log', entityId: log.id, before: null, after: log });
  await supersedeOlder(db, log, auditor);

  const reasons = await reviewReasons(db, ctx, input, rule);
  if (reasons.length === 0) {
    // Automation would apply it, but only one patch applies on a plugin at a time (see
    // applyApprovedLog): a human applies it once the other is settled. Checked under the plugin's
    // row lock taken above, so a concurrent apply on the plugin cannot slip in between.
    const applying = await patchApplyingOn(db, input.plugin_id, log.id);
    if (applying) {
      reasons.push(`another patch is being applied on the plugin: ${describeApplying(input.plugin_id, applying)}, so this one waits for review`);
    }
  }
  if (reasons.length > 0) {
    const reviewReason = reasons.join('; ');
    const before = log;
    log = await transitionLog(db, log, 'pending_review');
    await auditAs(db, auditor, {
      action: 'healing_log.review_required',
      entityType: 'healing_log',
      entityId: log.id,
      before,
      after: { ...log, review_reason: reviewReason },
    });
    ctx.metrics.healingProposalsTotal.labels('pending_review').inc();
    return { log, auto_applied: false, command_id: null, review_reason: reviewReason };
  }

  const proposed = log;
  const approved = await transitionLog(db, log, 'approved', { auto_applied: true });
  await auditAs(db, auditor, {
    action: 'healing_log.auto_approve',
    entityType: 'healing_log',
    entityId: log.id,
    before: proposed,
    // The threshold it was judged against: the audit trail's sentence states it.
    after: { ...approved, auto_apply_threshold: autoApplyThreshold(ctx, rule) },
  });
  const applied = await applyApprovedLog(db, approved, actor.name);
  await auditAs(db, auditor, {
    action: 'healing_log.apply',
    entityType: 'healing_log',
    entityId: log.id,
    before: approved,
    after: { ...applied.log, command_id: applied.command.id },
  });
  ctx.metrics.healingProposalsTotal.labels('auto_applied').inc();
  return { log: applied.log, auto_applied: true, command_id: applied.command.id, review_reason: null };
}

/** Open proposals the new one replaces: same plugin, same rule (or, without a rule, same issue). */
async function supersedeOlder(db: Queryable, log: HealingLog, auditor: SystemActor): Promise<void> {
  const { rows } = await db.query<HealingLog>(
    `SELECT * FROM plugin_auto_healing_logs
      WHERE plugin_id = $1 AND id <> $2 AND status IN ('proposed', 'pending_review')
        AND CASE WHEN $3::uuid IS NULL THEN rule_id IS NULL AND detected_issue = $4 ELSE rule_id = $3::uuid END
      ORDER BY created_at, id
      FOR UPDATE`,
    [log.plugin_id, log.id, log.rule_id, log.detected_issue],
  );
  for (const older of rows) {
    const superseded = await transitionLog(db, older, 'superseded', { superseded_by: log.id });
    await auditAs(db, auditor, { action: 'healing_log.supersede', entityType: 'healing_log', entityId: older.id, before: older, after: superseded });
  }
}
