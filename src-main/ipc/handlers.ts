import type { IpcChannel, IpcParsedRequest, IpcResponse } from '../../src-shared/ipc/contract.js';
import type { MainServices } from '../app/main-services.js';

/** One handler per channel: the request is already parsed with the channel's schema. */
export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcParsedRequest<C>) => Promise<IpcResponse<C>> | IpcResponse<C>;
};

/** Maps every channel of the contract to the service call that answers it. */
export function createHandlers(services: MainServices): IpcHandlers {
  const { logs, decisions, sync, conflicts, outbox, settings } = services;
  return {
    'ops:logs.get': ({ id }) => logs.get(id),
    'ops:logs.counts': () => logs.counts(),

    'ops:decisions.approve': ({ logId, comment }) =>
      decisions.decide(logId, { action: 'approve', ...(comment !== undefined ? { comment } : {}) }),
    'ops:decisions.reject': ({ logId, reason }) => decisions.decide(logId, { action: 'reject', reason }),
    'ops:decisions.apply': ({ logId, comment }) =>
      decisions.decide(logId, { action: 'apply', ...(comment !== undefined ? { comment } : {}) }),
    'ops:decisions.rollback': ({ logId, reason, expectedNewer }) =>
      decisions.decide(logId, {
        action: 'rollback',
        ...(reason !== undefined ? { reason } : {}),
        ...(expectedNewer !== undefined ? { cascade: true, expected_newer: expectedNewer } : {}),
      }),

    'ops:decisions.bulk': (request) =>
      decisions.decideMany(request.logIds, request.action === 'approve' ? { action: 'approve' } : { action: 'reject', reason: request.reason }),

    'ops:sync.status': () => sync.status(),
    'ops:sync.now': () => sync.syncNow(),
    'ops:sync.resync': () => sync.resync(),

    'ops:conflicts.list': () => ({ items: conflicts.list() }),
    'ops:conflicts.resolve': ({ id, resolution }) => decisions.resolveConflict(id, resolution),

    'ops:outbox.list': () => outbox.view(),
    'ops:outbox.retry': ({ id }) => outbox.retry(id),
    'ops:outbox.dismiss': ({ id }) => outbox.dismiss(id),

    'ops:settings.get': () => settings.view(),
    'ops:settings.saveProfile': (request) => settings.saveProfile(request),
    'ops:settings.deleteProfile': ({ id }) => settings.deleteProfile(id),
    'ops:settings.switchProfile': ({ id }) => settings.switchProfile(id),
    'ops:settings.testConnection': (request) => settings.testConnection(request),
    'ops:settings.useDemo': () => settings.useDemo(),

    'ops:logDetail.remote': ({ id }) => services.logDetail.remote(id),
    'ops:logDetail.rollbackPreview': ({ id }) => services.logDetail.rollbackPreview(id),
    'ops:pauses.forLog': ({ logId }) => services.logDetail.pausesForLog(logId),
    'ops:pauses.resume': ({ id, comment }) => decisions.resumePause(id, comment),
    'ops:previews.forLog': ({ logId }) => services.previews.forLog(logId),

    'ops:triage.page': (request) => logs.page(request),
    'ops:triage.severityCounts': ({ filters }) => logs.severityCounts(filters),
    'ops:triage.byIds': ({ ids }) => logs.byIds(ids),
    'ops:triage.position': (request) => logs.position(request),

    'ops:overview.get': ({ days }) => services.overview.get(days),

    'ops:notifications.status': () => services.notifications.status(),
    'ops:notifications.setLanguage': ({ language }) => services.notifications.setLanguage(language),

    'ops:triage.exportCsv': ({ filters, sort }) => services.exports.healingLogs(filters, sort),

    'ops:patches.list': (request) => services.patches.list(request),
    'ops:patches.detail': ({ patchId }) => services.patches.detail(patchId),
    'ops:patches.refreshStats': () => services.fieldStats.refreshNow(),
    'ops:patches.deactivate': ({ patchId, reason }) => services.patchDesk.deactivate(patchId, reason),
    'ops:patches.reactivate': ({ patchId, reason }) => services.patchDesk.reactivate(patchId, reason),
    'ops:patches.reviewQueue': () => services.patchDesk.reviewQueue(),
    'ops:patches.approveVersion': ({ patchId, version, comment }) => services.patchDesk.approve(patchId, version, comment),
    'ops:patches.rejectVersion': ({ patchId, version, reason }) => services.patchDesk.reject(patchId, version, reason),
    'ops:patches.dryRun': (request) => services.drafts.dryRun(request),
    'ops:patches.unpatched': () => services.fieldStats.unpatched(),

    'ops:drafts.list': () => services.drafts.list(),
    'ops:drafts.get': ({ draftId }) => services.drafts.get(draftId),
    'ops:drafts.create': (request) => services.drafts.create(request),
    'ops:drafts.save': ({ draftId, text, changeNote }) => services.drafts.save(draftId, text, changeNote),
    'ops:drafts.delete': ({ draftId }) => services.drafts.delete(draftId),
    'ops:drafts.submit': ({ draftId, changeNote }) => services.drafts.submit(draftId, changeNote),

    'ops:runbook.tables': () => services.fieldStats.runbook(),
    'ops:runbook.exportCsv': ({ table }) => services.exports.runbook(table),

    'ops:rollouts.list': () => services.rollouts.list(),
    'ops:rollouts.forPatch': ({ patchId }) => services.rollouts.forPatch(patchId),
    'ops:rollouts.refresh': () => services.rollouts.refreshNow(),
    'ops:rollouts.act': ({ patchId, version, action, reason }) => services.rollouts.act(patchId, version, action, reason),
    'ops:alerts.list': () => services.rollouts.alerts(),
  };
}
