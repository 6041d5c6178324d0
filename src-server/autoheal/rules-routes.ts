import type { FastifyInstance } from 'fastify';
import { codePatchProblem } from '../../src-shared/domain/code-patch.js';
import { ProposedPatchSchema } from '../../src-shared/schemas/autoheal.js';
import { RuleListQuerySchema, RulePageSchema, RuleSchema, UpsertRuleBodySchema } from '../../src-shared/schemas/rules.js';
import type { ServerContext } from '../context.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { badRequest, conflict } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { checkPattern } from './pattern-safety.js';
import { listRules, lockRuleByName, patchFromTemplate, upsertRule } from './rules-repo.js';

const STAFF = ['ops', 'reviewer', 'sira', 'dev_admin'] as const;

/** The healing rules: list (staff) and upsert by name (dev_admin). */
export function registerRuleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/rules',
      summary: 'List the healing rules, by name',
      tags: ['autoheal'],
      roles: STAFF,
      query: RuleListQuerySchema,
      response: RulePageSchema,
    },
    async ({ query, db }) => {
      const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.text) : null;
      const rows = await listRules(db, {
        active: query.active,
        platform: query.platform,
        afterName: after ? after[0] : null,
        limit: query.limit + 1,
      });
      const items = rows.slice(0, query.limit);
      return { items, next_cursor: rows.length > query.limit ? encodeCursor([items.at(-1)!.name]) : null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/plugins/autoheal/rules',
      summary: 'Create a healing rule, or replace the one with the same name (If-Match: its version)',
      tags: ['autoheal'],
      roles: ['dev_admin'],
      body: UpsertRuleBodySchema,
      response: RuleSchema,
    },
    async ({ body, db, ifMatch, audit }) => {
      const problem = checkPattern(body.error_pattern);
      if (problem) throw badRequest(`body.error_pattern: ${problem}`, 'body.error_pattern');
      const template = patchFromTemplate(body);
      const patch = ProposedPatchSchema.safeParse(template);
      if (!patch.success) {
        const issue = patch.error.issues[0]!;
        const field = ['body', 'patch_template', ...issue.path.map(String)].join('.');
        throw badRequest(`${field}: ${issue.message}`, field);
      }
      if (patch.data.type !== body.patch_type) {
        throw badRequest(
          `body.patch_template.type: "${patch.data.type}" differs from patch_type "${body.patch_type}"`,
          'body.patch_template.type',
        );
      }
      const codeProblem = patch.data.type === 'code_patch' ? codePatchProblem(patch.data) : null;
      if (codeProblem) {
        const field = `body.patch_template.${codeProblem.field}`;
        throw badRequest(`${field}: ${codeProblem.message}`, field);
      }
      const before = await lockRuleByName(db, body.name);
      if (ifMatch !== undefined && before?.version !== ifMatch) {
        throw conflict(
          'stale_version',
          before ? `rule ${body.name} is at version ${before.version}, not ${ifMatch}` : `rule ${body.name} does not exist yet`,
          before ?? null,
        );
      }
      const rule = await upsertRule(db, { ...body, patch_template: template });
      await audit({ action: before ? 'rule.update' : 'rule.create', entityType: 'rule', entityId: rule.id, before: before ?? null, after: rule });
      return rule;
    },
  );
}
