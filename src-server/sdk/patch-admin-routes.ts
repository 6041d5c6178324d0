import type { FastifyInstance } from 'fastify';
import { pageOf } from '../../src-shared/schemas/common.js';
import {
  ApprovePatchBodySchema,
  CreatePatchBodySchema,
  PatchIdParamsSchema,
  PatchListQuerySchema,
  PatchVersionParamsSchema,
  ReactivatePatchBodySchema,
  RejectPatchBodySchema,
  SdkPatchChangeSchema,
  SdkPatchDetailSchema,
  SdkPatchSchema,
  UpdatePatchBodySchema,
  type SdkPatch,
} from '../../src-shared/schemas/sdk.js';
import type { ServerContext } from '../context.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { conflict, forbidden } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import type { ActivePatchCache } from './active-patches.js';
import { changeNoteOf, patchContentFrom } from './patch-content.js';
import {
  activateVersion,
  assertNotDeactivated,
  deactivatePatch,
  getPatch,
  getVersion,
  insertPatch,
  insertVersion,
  listPatches,
  listVersions,
  reactivatePatch,
  recordNewVersion,
  rejectVersion,
  supersedePending,
} from './patch-repository.js';
import { holdRolloutOnDeactivation, rolloutSettingsOf, startRolloutOnApproval } from './rollout-lifecycle.js';
import type { PatchSigner } from './signing.js';

const TAGS = ['sdk patches'];
const READERS = ['dev_admin', 'reviewer', 'ops'] as const;

/** A stale `If-Match` is a 409 carrying the current row. */
function checkIfMatch(ifMatch: number | undefined, patch: SdkPatch): void {
  if (ifMatch !== undefined && ifMatch !== patch.version) {
    throw conflict('stale_version', `patch ${patch.id} is at version ${patch.version}, not ${ifMatch}`, patch);
  }
}

/** Authoring (dev_admin) and review (reviewer, two-person rule) of SDK patches. */
export function registerPatchAdminRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  services: { signer: PatchSigner; cache: ActivePatchCache },
): void {
  const { router } = ctx;
  const { signer, cache } = services;
  const rolloutSettings = rolloutSettingsOf(ctx.config);

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patches',
      summary: 'Author a patch, with an optional change note; its version 1 is signed and waits for review',
      tags: TAGS,
      roles: ['dev_admin'],
      body: CreatePatchBodySchema,
      response: SdkPatchChangeSchema,
      status: 201,
    },
    async ({ body, principal, db, audit }) => {
      const content = patchContentFrom(body, body.sdk_language);
      const patch = await insertPatch(db, content, principal);
      const signed = await signer.sign(db, { patch_id: patch.id, version: 1, ...content });
      const version = await insertVersion(db, patch.id, 1, content, signed, principal, changeNoteOf(body));
      await audit({ action: 'sdk_patch.create', entityType: 'sdk_patch', entityId: patch.id, before: null, after: { patch, version } });
      return { patch, version };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'PUT',
      url: '/api/dev/patches/:id',
      summary: 'Write the next version of a patch, with an optional change note; the active version stays served until this one is approved',
      tags: TAGS,
      roles: ['dev_admin'],
      params: PatchIdParamsSchema,
      body: UpdatePatchBodySchema,
      response: SdkPatchChangeSchema,
    },
    async (route) => {
      const { params, body, principal, db, ifMatch, audit } = route;
      const before = await getPatch(db, params.id, true);
      checkIfMatch(ifMatch, before);
      const content = patchContentFrom(body, before.sdk_language);
      const number = before.version + 1;
      await supersedePending(db, before.id);
      const signed = await signer.sign(db, { patch_id: before.id, version: number, ...content });
      const version = await insertVersion(db, before.id, number, content, signed, principal, changeNoteOf(body));
      const patch = await recordNewVersion(db, before.id, number, content);
      await audit({ action: 'sdk_patch.new_version', entityType: 'sdk_patch', entityId: patch.id, before: { patch: before }, after: { patch, version } });
      route.afterCommit(() => cache.invalidate());
      return { patch, version };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patches/:id/versions/:version/approve',
      summary:
        'Approve a pending version (not by its author), with an optional comment: its rollout starts (served to a first share of developers, the previous version to the others); 409 patch_deactivated while the patch is deactivated',
      tags: TAGS,
      roles: ['reviewer'],
      params: PatchVersionParamsSchema,
      body: ApprovePatchBodySchema,
      response: SdkPatchChangeSchema,
    },
    async (route) => {
      const { params, body, principal, db, ifMatch, audit } = route;
      const beforePatch = await getPatch(db, params.id, true);
      checkIfMatch(ifMatch, beforePatch);
      const before = await getVersion(db, params.id, params.version);
      if (before.status !== 'pending_review') {
        throw conflict('invalid_transition', `version ${before.version} is ${before.status}; only a pending_review version can be approved`, before);
      }
      if (before.created_by === principal.tokenId) {
        throw forbidden('two-person rule: the author of a patch version cannot approve it; another reviewer must');
      }
      assertNotDeactivated(beforePatch);
      const after = await activateVersion(db, before, principal, body.comment || null);
      const { rollout, superseded } = await startRolloutOnApproval(db, beforePatch, before.version, rolloutSettings, principal.name);
      await audit({
        action: 'sdk_patch.approve',
        entityType: 'sdk_patch',
        entityId: params.id,
        before: { patch: beforePatch, version: before },
        // The rollout it starts, and the unfinished one of an older version it ends (null: none).
        after: { ...after, rollout, superseded_rollout: superseded },
      });
      route.afterCommit(() => cache.invalidate());
      return after;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patches/:id/versions/:version/reject',
      summary: 'Reject a pending version, with a reason',
      tags: TAGS,
      roles: ['reviewer'],
      params: PatchVersionParamsSchema,
      body: RejectPatchBodySchema,
      response: SdkPatchChangeSchema,
    },
    async (route) => {
      const { params, body, principal, db, ifMatch, audit } = route;
      const beforePatch = await getPatch(db, params.id, true);
      checkIfMatch(ifMatch, beforePatch);
      const before = await getVersion(db, params.id, params.version);
      if (before.status !== 'pending_review') {
        throw conflict('invalid_transition', `version ${before.version} is ${before.status}; only a pending_review version can be rejected`, before);
      }
      const after = await rejectVersion(db, before, principal, body.reason);
      await audit({ action: 'sdk_patch.reject', entityType: 'sdk_patch', entityId: params.id, before: { patch: beforePatch, version: before }, after });
      route.afterCommit(() => cache.invalidate());
      return after;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'DELETE',
      url: '/api/dev/patches/:id',
      summary:
        'Deactivate a patch: it stops being served and none of its versions can be approved until it is reactivated; its history stays',
      tags: TAGS,
      roles: ['dev_admin'],
      params: PatchIdParamsSchema,
      response: SdkPatchSchema,
    },
    async (route) => {
      const { params, principal, db, ifMatch, audit } = route;
      const before = await getPatch(db, params.id, true);
      checkIfMatch(ifMatch, before);
      // Deactivating twice changes nothing, so it writes nothing. A patch still waiting for its first
      // approval is not "inactive already": it is deactivated like any other.
      if (before.deactivated_at !== null) return before;
      const patch = await deactivatePatch(db, params.id, principal.name);
      await audit({ action: 'sdk_patch.deactivate', entityType: 'sdk_patch', entityId: patch.id, before, after: patch });
      const held = await holdRolloutOnDeactivation(db, params.id, principal.name);
      if (held) {
        await audit({
          action: 'sdk_patch.rollout_hold',
          entityType: 'sdk_patch',
          entityId: patch.id,
          before: { rollout: held.before },
          after: { rollout: held.after, reason: 'the patch was deactivated' },
        });
      }
      route.afterCommit(() => cache.invalidate());
      return patch;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patches/:id/reactivate',
      summary:
        'Reactivate a deactivated patch: its last approved version (if any) is served again and pending versions may be approved',
      tags: TAGS,
      roles: ['dev_admin'],
      params: PatchIdParamsSchema,
      body: ReactivatePatchBodySchema,
      response: SdkPatchSchema,
    },
    async (route) => {
      const { params, body, db, ifMatch, audit } = route;
      const before = await getPatch(db, params.id, true);
      checkIfMatch(ifMatch, before);
      if (before.deactivated_at === null) {
        throw conflict('not_deactivated', `patch ${before.id} is not deactivated`, before);
      }
      const patch = await reactivatePatch(db, params.id);
      await audit({
        action: 'sdk_patch.reactivate',
        entityType: 'sdk_patch',
        entityId: patch.id,
        before,
        after: { ...patch, reason: body.reason ?? null },
      });
      route.afterCommit(() => cache.invalidate());
      return patch;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patches',
      summary: 'List patches, newest first',
      tags: TAGS,
      roles: READERS,
      query: PatchListQuerySchema,
      response: pageOf(SdkPatchSchema),
    },
    async ({ query, db }) => {
      const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.microsAndId) : null;
      const rows = await listPatches(db, { sdkLanguage: query.sdk_language, active: query.active, limit: query.limit + 1, after });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(({ sort_key: _key, ...patch }) => patch),
        next_cursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patches/:id',
      summary: 'One patch with all its versions',
      tags: TAGS,
      roles: READERS,
      params: PatchIdParamsSchema,
      response: SdkPatchDetailSchema,
      etag: (detail) => detail.patch.version,
    },
    async ({ params, db }) => ({ patch: await getPatch(db, params.id), versions: await listVersions(db, params.id) }),
  );
}
