import type { FastifyInstance } from 'fastify';
import { DECISION_ROLES, approvalsRemaining, hasApproved, isDecisionAllowed, isQuorumReached } from '../../src-shared/domain/review-rules.js';
import {
  ApplyBodySchema,
  ApproveBodySchema,
  LogIdParamsSchema,
  RejectBodySchema,
  RollbackBodySchema,
  RollbackPlanSchema,
  TransitionResponseSchema,
  type HealingLog,
} from '../../src-shared/schemas/autoheal.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { conflict } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { applyApprovedLog } from './apply.js';
import { assertVersion, lockLog, lockPluginAndLog, transitionLog } from './healing-logs.js';
import { rollbackLog, rollbackPlan } from './rollback.js';

const TAGS = ['autoheal'];
const url = (verb: string) => `/api/v1/plugins/autoheal/:id/${verb}`;

async function recordApproval(db: Queryable, log: HealingLog, approvals: HealingLog['approvals']): Promise<HealingLog> {
  const { rows } = await db.query<HealingLog>(
    `UPDATE plugin_auto_healing_logs SET approvals = $2::jsonb, version = version + 1, updated_at = now()
      WHERE id = $1 RETURNING *`,
    [log.id, JSON.stringify(approvals)],
  );
  return rows[0]!;
}

/** Review (approve, reject) and operations (apply, rollback) on one healing log. */
export function registerTransitionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: url('approve'),
      summary: 'Approve a pending proposal; approved once enough distinct reviewers have',
      tags: TAGS,
      roles: DECISION_ROLES.approve,
      params: LogIdParamsSchema,
      body: ApproveBodySchema,
      response: TransitionResponseSchema,
    },
    async ({ params, body, principal, db, ifMatch, audit }) => {
      const before = await lockLog(db, params.id);
      assertVersion(before, ifMatch);
      if (!isDecisionAllowed(before.status, 'approve')) {
        throw conflict('invalid_transition', `only a pending_review healing log can be approved; this one is ${before.status}`, before);
      }
      if (hasApproved(before.approvals, principal)) throw conflict('already_approved', `${principal.name} has already approved this proposal`, before);
      const approval = {
        by: principal.name,
        role: principal.role,
        at: new Date().toISOString(),
        token_id: principal.tokenId,
        ...(body.comment ? { comment: body.comment } : {}),
      };
      const approvals = [...before.approvals, approval];
      const log = isQuorumReached({ required_approvals: before.required_approvals, approvals })
        ? await transitionLog(db, before, 'approved', { approvals })
        : await recordApproval(db, before, approvals);
      await audit({ action: 'healing_log.approve', entityType: 'healing_log', entityId: log.id, before, after: log });
      return { log, command_id: null, approvals_remaining: approvalsRemaining(log) };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: url('reject'),
      summary: 'Reject a proposal, with the reason',
      tags: TAGS,
      roles: DECISION_ROLES.reject,
      params: LogIdParamsSchema,
      body: RejectBodySchema,
      response: TransitionResponseSchema,
    },
    async ({ params, body, db, ifMatch, audit }) => {
      const before = await lockLog(db, params.id);
      assertVersion(before, ifMatch);
      const log = await transitionLog(db, before, 'rejected', { rejection_reason: body.reason });
      await audit({ action: 'healing_log.reject', entityType: 'healing_log', entityId: log.id, before, after: log });
      return { log, command_id: null, approvals_remaining: approvalsRemaining(log) };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: url('apply'),
      summary:
        'Apply an approved patch: snapshot the plugin and queue an apply_patch command. ' +
        'Refused (409 plugin_busy) while another patch on the plugin is applying',
      tags: TAGS,
      roles: DECISION_ROLES.apply,
      params: LogIdParamsSchema,
      body: ApplyBodySchema,
      response: TransitionResponseSchema,
    },
    async ({ params, principal, db, ifMatch, audit }) => {
      // Plugin row, then log: the order of every path that changes a plugin through its logs.
      const before = await lockPluginAndLog(db, params.id);
      assertVersion(before, ifMatch);
      const { log, command } = await applyApprovedLog(db, before, principal.name);
      await audit({ action: 'healing_log.apply', entityType: 'healing_log', entityId: log.id, before, after: { ...log, command_id: command.id } });
      return { log, command_id: command.id, approvals_remaining: 0 };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: url('rollback'),
      summary:
        'Roll an applied patch back to its snapshot and tell the plugin; pauses auto-apply of an auto-applied rule. ' +
        'Refused (409 newer_patches_applied) when newer patches were applied on the plugin, unless cascade: true rolls them back first, newest first',
      tags: TAGS,
      roles: DECISION_ROLES.rollback,
      params: LogIdParamsSchema,
      body: RollbackBodySchema,
      response: TransitionResponseSchema,
    },
    async ({ params, body, principal, db, ifMatch, audit }) => rollbackLog(db, { logId: params.id, body, principal, ifMatch, audit }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: url('rollback-plan'),
      summary:
        'What rolling an applied patch back would do now, changing nothing: the newer patches on the plugin a cascade would ' +
        'also roll back (newest first; send their log_ids as expected_newer) and the auto-apply pause it would write',
      tags: TAGS,
      roles: DECISION_ROLES.rollback,
      params: LogIdParamsSchema,
      response: RollbackPlanSchema,
      // The log's version, for the rollback's If-Match: the plan itself also depends on newer patches.
      etag: (plan) => plan.log.version,
    },
    async ({ params, db }) => rollbackPlan(db, params.id),
  );
}
