import type { FastifyInstance } from 'fastify';
import { rolloutActionRefusal, type RolloutActionRefusal } from '../../src-shared/domain/rollout-actions.js';
import { PatchIdParamsSchema } from '../../src-shared/schemas/sdk.js';
import {
  RolloutActionBodySchema,
  RolloutResponseSchema,
  RolloutsResponseSchema,
  type RolloutActionBody,
} from '../../src-shared/schemas/rollout.js';
import type { ServerContext } from '../context.js';
import { conflict, HttpError } from '../http/errors.js';
import { defineRoute, type AuditEntry } from '../http/route.js';
import type { ActivePatchCache } from './active-patches.js';
import type { RolloutMetrics } from './rollout-evaluation.js';
import { changeRollout, latestRollout, listLatestRollouts, withStepStats, type RolloutChange, type RolloutRow } from './rollout-repo.js';
import { assertNotDeactivated, getPatch } from './patch-repository.js';

const TAGS = ['sdk patch rollouts'];
const READERS = ['dev_admin', 'reviewer', 'ops'] as const;

/** Why an action is refused, in words naming the rollout's version and state. */
function refusalMessage(refusal: RolloutActionRefusal, row: RolloutRow, body: RolloutActionBody): string {
  const which = `the rollout of patch ${row.patch_id} version ${row.version} is ${row.state}`;
  switch (refusal) {
    case 'rollout_halted':
      return `${which}: a halted rollout cannot be ${body.action === 'abort' ? 'aborted again' : 'resumed or advanced'} (halting is final); approve a new version to start a new rollout`;
    case 'rollout_completed':
      return `${which}: it already serves every developer; there is nothing to ${body.action}`;
    case 'rollout_not_held':
      return `${which}: only a held rollout can be resumed`;
    case 'rollout_not_rolling':
      return `${which}: only a rolling rollout can be held`;
  }
}

/** What each reviewer's action does to the rollout and how the audit log names it. */
function changeOf(body: RolloutActionBody, reviewer: string): { change: RolloutChange; audit: Pick<AuditEntry, 'action'> } {
  switch (body.action) {
    case 'advance':
      return { change: { kind: 'advance' }, audit: { action: 'sdk_patch.rollout_advance' } };
    case 'hold':
      return { change: { kind: 'hold' }, audit: { action: 'sdk_patch.rollout_hold' } };
    case 'resume':
      return { change: { kind: 'resume' }, audit: { action: 'sdk_patch.rollout_resume' } };
    case 'abort':
      return { change: { kind: 'halt', reason: `aborted by ${reviewer}: ${body.reason ?? ''}` }, audit: { action: 'sdk_patch.rollout_abort' } };
  }
}

/** The rollouts reviewers watch and steer: the latest per patch, and advance, hold, resume or abort by hand. */
export function registerRolloutRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  services: { cache: ActivePatchCache; metrics: RolloutMetrics },
): void {
  const { router } = ctx;
  const { cache, metrics } = services;

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/rollouts',
      summary: "Each patch's latest rollout: state, step, share and the current step's figures, most recently changed first",
      tags: TAGS,
      roles: READERS,
      response: RolloutsResponseSchema,
    },
    async ({ db }) => ({ computed_at: new Date().toISOString(), rollouts: await listLatestRollouts(db) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/dev/patches/:id/rollout',
      summary: "A patch's latest rollout (null when no version was ever approved)",
      tags: TAGS,
      roles: READERS,
      params: PatchIdParamsSchema,
      response: RolloutResponseSchema,
    },
    async ({ params, db }) => {
      await getPatch(db, params.id);
      return { rollout: (await listLatestRollouts(db, params.id))[0] ?? null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/dev/patches/:id/rollout',
      summary:
        "A reviewer advances, holds, resumes or aborts (with a reason) a patch's rollout; 409 rollout_conflict when the body's version is not the rollout's or its state forbids the action (a halted rollout is final)",
      tags: TAGS,
      roles: ['reviewer'],
      params: PatchIdParamsSchema,
      body: RolloutActionBodySchema,
      response: RolloutResponseSchema,
    },
    async ({ params, body, principal, db, audit, afterCommit }) => {
      const patch = await getPatch(db, params.id, true);
      const before = await latestRollout(db, params.id, true);
      if (!before) throw new HttpError(404, 'rollout_not_found', `patch ${params.id} has no rollout: none of its versions was approved`);
      if (body.version !== before.version) {
        throw conflict(
          'rollout_conflict',
          `the rollout of patch ${params.id} is of version ${before.version} (${before.state}), not version ${body.version}`,
          await withStepStats(db, before),
        );
      }
      const refusal = rolloutActionRefusal(before, body.action);
      if (refusal) throw conflict('rollout_conflict', refusalMessage(refusal, before, body), await withStepStats(db, before));
      if (body.action === 'advance' || body.action === 'resume') assertNotDeactivated(patch);
      const { change, audit: entry } = changeOf(body, principal.name);
      const after = await changeRollout(db, before, change, principal.name);
      await audit({
        ...entry,
        entityType: 'sdk_patch',
        entityId: params.id,
        before: { rollout: before },
        after: { rollout: after, reason: body.reason ?? null },
      });
      afterCommit(() => {
        cache.invalidate();
        if (change.kind === 'halt') metrics.haltsTotal.labels('aborted').inc();
      });
      return { rollout: await withStepStats(db, after) };
    },
  );
}
