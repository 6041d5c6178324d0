import type { FastifyInstance } from 'fastify';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import { PatchFieldStatsResponseSchema, RunbookSchema } from '../../src-shared/schemas/sdk-field.js';
import type { ServerContext } from '../context.js';
import { defineRoute } from '../http/route.js';
import { readFieldStats } from './field-stats.js';
import { readRunbook } from './runbook.js';

const TAGS = ['sdk telemetry'];

/** What patches do in the field, per patch and as the SDK runbook's tables (every staff role reads). */
export function registerFieldStatsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patches/field-stats',
      summary:
        'Per patch: applications and success rate (7 days), rollback rate (24 hours, shown above 10 applications), failure rate and lookups answered (last hour), last seen; and the errors no patch answered (7 days)',
      tags: TAGS,
      roles: STAFF_ROLES,
      response: PatchFieldStatsResponseSchema,
    },
    async ({ db }) => readFieldStats(db),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/runbook',
      summary:
        "The SDK runbook's queries as tables: most-used patches, rollback rate per patch, errors per developer, active patches, patches failing in the last hour, errors with no patch",
      tags: TAGS,
      roles: STAFF_ROLES,
      response: RunbookSchema,
    },
    async ({ db }) => readRunbook(db),
  );
}
