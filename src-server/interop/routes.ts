import type { FastifyInstance } from 'fastify';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import {
  InteropEventAckSchema,
  InteropEventBodySchema,
  InteropEventListQuerySchema,
  InteropEventPageSchema,
  InteropEventParamsSchema,
  InteropEventSchema,
  InteropMappingListQuerySchema,
  InteropMappingListSchema,
  InteropMappingSchema,
  InteropRetryBodySchema,
  InteropRetryResultSchema,
  InteropStatsQuerySchema,
  InteropStatsSchema,
  UpsertInteropMappingBodySchema,
} from '../../src-shared/schemas/interop.js';
import type { ServerContext } from '../context.js';
import { rawBodyText } from '../http/json-body.js';
import { defineRoute } from '../http/route.js';
import { getEvent, interopStats, listEvents } from './event-queries.js';
import { InteropIngest } from './ingest.js';
import { listMappings, upsertMapping } from './mappings.js';
import { retryEvents } from './retry.js';

const BASE = '/api/v1/plugins/interop';

/** The universal interop layer: event ingestion, the event views, retry and the mappings. */
export function registerInteropRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;
  const ingest = new InteropIngest(ctx);
  app.addHook('onClose', () => ingest.close());

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: `${BASE}/event`,
      summary: "A plugin sends an event in its platform's native shape; it is stored, normalized and dispatched",
      tags: ['interop'],
      roles: ['merchant', 'admin'],
      body: InteropEventBodySchema,
      response: InteropEventAckSchema,
      status: 202,
      // Events are batched into group commits by the ingest path (and repeats are keyed by event_id).
      transactional: false,
    },
    async ({ body, principal, request }) => ingest.receive(principal, body, rawBodyText(request)),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: `${BASE}/events`,
      summary: 'Interop events, newest first (merchants see their own plugins)',
      tags: ['interop'],
      roles: [...STAFF_ROLES, 'merchant'],
      query: InteropEventListQuerySchema,
      response: InteropEventPageSchema,
    },
    async ({ query, principal, db }) => listEvents(db, query, principal.role === 'merchant' ? principal.merchantId : null),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: `${BASE}/events/:id`,
      summary: 'One interop event: its payload as received and as normalized, side by side (merchants see their own plugins)',
      tags: ['interop'],
      roles: [...STAFF_ROLES, 'merchant'],
      params: InteropEventParamsSchema,
      response: InteropEventSchema,
    },
    async ({ params, principal, db }) => getEvent(db, params.id, principal.role === 'merchant' ? principal.merchantId : null),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: `${BASE}/stats`,
      summary: 'Interop event counts over the last days, by status, platform and standard event',
      tags: ['interop'],
      roles: STAFF_ROLES,
      query: InteropStatsQuerySchema,
      response: InteropStatsSchema,
    },
    async ({ query, db }) => interopStats(db, query.days),
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: `${BASE}/retry`,
      summary: 'Process failed events again, and unmapped ones that now have a mapping',
      tags: ['interop'],
      roles: ['ops'],
      body: InteropRetryBodySchema,
      response: InteropRetryResultSchema,
      // Each plugin.error is dispatched in its own transaction, so one failure cannot undo the others.
      transactional: false,
    },
    async ({ body, audit }) => {
      const result = await retryEvents(ctx, { eventIds: body.event_ids, limit: body.limit });
      await audit({ action: 'interop.retry', entityType: 'interop_event', entityId: null, before: body, after: result });
      return result;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: `${BASE}/mappings`,
      summary: 'Event mappings, by platform and native event',
      tags: ['interop'],
      roles: STAFF_ROLES,
      query: InteropMappingListQuerySchema,
      response: InteropMappingListSchema,
    },
    async ({ query, db }) => ({ items: await listMappings(db, query) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: `${BASE}/mappings`,
      summary: 'Create or replace the mapping of a native event (If-Match: the version you edited)',
      tags: ['interop'],
      roles: ['dev_admin'],
      body: UpsertInteropMappingBodySchema,
      response: InteropMappingSchema,
    },
    async ({ body, db, ifMatch, audit }) => {
      const { before, after } = await upsertMapping(db, body, ifMatch);
      await audit({
        action: before ? 'interop.mapping.update' : 'interop.mapping.create',
        entityType: 'interop_mapping',
        entityId: after.id,
        before,
        after,
      });
      return after;
    },
  );
}
