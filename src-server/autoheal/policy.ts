import type { FastifyInstance } from 'fastify';
import { MIN_REQUIRED_APPROVALS } from '../../src-shared/domain/review-rules.js';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import { SEVERITIES, type Severity } from '../../src-shared/schemas/common.js';
import { ApprovalPolicySchema, UpdateApprovalPolicyBodySchema } from '../../src-shared/schemas/pauses.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { defineRoute } from '../http/route.js';

/** Without a policy row a severity needs the fewest reviewers allowed (one). */
const DEFAULT_REQUIRED = MIN_REQUIRED_APPROVALS;

/** How many distinct reviewers a proposal of this severity needs now (frozen into the log when proposed). */
export async function requiredApprovals(db: Queryable, severity: Severity): Promise<number> {
  const { rows } = await db.query<{ required_approvals: number }>('SELECT required_approvals FROM approval_policy WHERE id = $1', [
    severity,
  ]);
  return rows[0]?.required_approvals ?? DEFAULT_REQUIRED;
}

/** The whole policy, every severity present. */
export async function readPolicy(db: Queryable): Promise<{ required_approvals: Record<Severity, number> }> {
  const { rows } = await db.query<{ id: Severity; required_approvals: number }>('SELECT id, required_approvals FROM approval_policy');
  const required = Object.fromEntries(SEVERITIES.map((s) => [s, DEFAULT_REQUIRED])) as Record<Severity, number>;
  for (const row of rows) required[row.id] = row.required_approvals;
  return { required_approvals: required };
}

/** The approval policy: staff read it, admins change it (proposals already made keep their count). */
export function registerPolicyRoutes(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(
    app,
    ctx.router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/policy',
      summary: 'How many distinct reviewers a proposal needs, by severity',
      tags: ['autoheal'],
      roles: STAFF_ROLES,
      response: ApprovalPolicySchema,
    },
    async ({ db }) => readPolicy(db),
  );

  defineRoute(
    app,
    ctx.router,
    {
      method: 'PUT',
      url: '/api/v1/plugins/autoheal/policy',
      summary: 'Set the required approvals for some severities (the others keep theirs)',
      tags: ['autoheal'],
      roles: ['admin'],
      body: UpdateApprovalPolicyBodySchema,
      response: ApprovalPolicySchema,
    },
    async ({ body, db, audit }) => {
      await db.query('SELECT id FROM approval_policy FOR UPDATE');
      const before = await readPolicy(db);
      for (const [severity, required] of Object.entries(body.required_approvals)) {
        await db.query(
          `INSERT INTO approval_policy (id, required_approvals) VALUES ($1, $2)
           ON CONFLICT (id) DO UPDATE SET required_approvals = EXCLUDED.required_approvals, updated_at = now(),
             version = approval_policy.version + 1
           WHERE approval_policy.required_approvals <> EXCLUDED.required_approvals`,
          [severity, required],
        );
      }
      const after = await readPolicy(db);
      await audit({ action: 'approval_policy.update', entityType: 'approval_policy', entityId: null, before, after });
      return after;
    },
  );
}
