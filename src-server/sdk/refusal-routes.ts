import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src-shared/domain/roles.js';
import {
  PatchRefusalListQuerySchema,
  PatchRefusalListResponseSchema,
  PatchRefusalsBodySchema,
  PatchRefusalsResponseSchema,
} from '../../src-shared/schemas/sdk-refusal.js';
import type { ServerContext } from '../context.js';
import { defineRoute } from '../http/route.js';
import { storableText } from './patch-validation.js';
import { insertRefusals, listRefusals } from './refusal-repository.js';

const TAGS = ['sdk telemetry'];
/** Who reads refusals: the staff who read patches. They name developers, so neither SDKs nor merchants do. */
const REFUSAL_READERS: readonly Role[] = ['admin', 'ops', 'reviewer', 'dev_admin'];

/** Patch versions SDKs refused (batched, idempotent reports) and the staff's view of them. */
export function registerRefusalRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router, metrics } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patch-refusals',
      summary: 'SDKs report the served patch versions they refused: expired, older than one seen, unsigned, altered... (1-500 per call)',
      tags: TAGS,
      roles: ['sdk', 'dev_admin'],
      body: PatchRefusalsBodySchema,
      response: PatchRefusalsResponseSchema,
      status: 202,
      unstorableText: 'cleaned',
    },
    async ({ body, principal, db, afterCommit }) => {
      const refusals = body.refusals.map((refusal) => ({
        ...refusal,
        reason: storableText(refusal.reason),
        sdk_version: refusal.sdk_version === undefined ? undefined : storableText(refusal.sdk_version),
      }));
      const rows = await insertRefusals(db, principal.merchantId ?? principal.name, refusals);
      afterCommit(() => {
        for (const row of rows) metrics.patchRefusalsTotal.labels(row.sdk_language, row.reason_code).inc();
      });
      return { accepted: rows.length, duplicates: body.refusals.length - rows.length };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patch-refusals',
      summary: 'The newest patch refusals SDKs reported, of one patch or of all',
      tags: TAGS,
      roles: REFUSAL_READERS,
      query: PatchRefusalListQuerySchema,
      response: PatchRefusalListResponseSchema,
    },
    async ({ query, db }) => ({ refusals: await listRefusals(db, { patchId: query.patch_id, limit: query.limit }) }),
  );
}
