import type { TransitionResponse } from '../backend/backend-client.js';
import type { Decision } from '../../src-shared/ipc/model.js';
import { HealingLogSchema, TransitionResponseSchema } from '../../src-shared/schemas/autoheal.js';
import { conflictWith, defineOutboxKind, versionedRowResolutions } from './outbox-kind.js';

const PATH: Readonly<Record<Decision['action'], string>> = {
  approve: 'approve',
  reject: 'reject',
  apply: 'apply',
  rollback: 'rollback',
};

/** Approve, reject, apply or roll back a healing log. */
export const logDecisionKind = defineOutboxKind<Decision, TransitionResponse>({
  kind: 'log',
  localTable: 'healing_logs',
  describe: (logId) => `healing log ${logId}`,
  cachedVersion: (repos, logId) => repos.logs.versionOf(logId)?.version,
  push: (item) => {
    const { action, ...body } = item.decision;
    return {
      method: 'POST',
      path: `/api/v1/plugins/autoheal/${encodeURIComponent(item.targetId)}/${PATH[action]}`,
      body,
      schema: TransitionResponseSchema,
      ifMatch: item.baseVersion,
      idempotencyKey: item.idempotencyKey,
    };
  },
  cacheAnswer: (repos, item, answer) => {
    repos.logs.upsert(answer.log);
    // A cascading rollback also rolled back the newer logs it lists.
    for (const cascaded of answer.cascaded ?? []) repos.logs.upsert(cascaded.log);
    // Later decisions taken on the same view of the log follow it (approve then apply, offline).
    repos.outbox.rebase(item, answer.log.version);
  },
  readConflict: (_item, current) => conflictWith(current),
  resolutions: versionedRowResolutions({
    schema: HealingLogSchema,
    cache: (repos, log, json) => repos.logs.upsert(log, json),
  }),
});
