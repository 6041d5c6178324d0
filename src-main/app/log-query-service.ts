import type { IpcResponse } from '../../src-shared/ipc/contract.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { ListLogsQuery } from '../cache/repositories/healing-logs-repo.js';
import { notFound } from './service-error.js';

/** Reads of cached healing logs for the review queue and the detail pane. */
export class LogQueryService {
  constructor(private readonly repos: Repositories) {}

  list(query: ListLogsQuery): IpcResponse<'ops:logs.list'> {
    return this.repos.logs.list(query);
  }

  get(id: string): IpcResponse<'ops:logs.get'> {
    const item = this.repos.logs.get(id);
    if (!item) throw notFound('healing log', id);
    const { entities } = this.repos;
    return {
      item,
      plugin: (entities.plugin.get(item.log.plugin_id) ?? null) as IpcResponse<'ops:logs.get'>['plugin'],
      snapshots: entities.snapshot.where('healing_log_id', id) as IpcResponse<'ops:logs.get'>['snapshots'],
      commands: entities.command.where('healing_log_id', id) as IpcResponse<'ops:logs.get'>['commands'],
    };
  }

  counts(): IpcResponse<'ops:logs.counts'> {
    return this.repos.logs.counts();
  }
}
