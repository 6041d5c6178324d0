import type { IpcParsedRequest, IpcResponse } from '../../src-shared/ipc/contract.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { LogFilters, LogPageQuery } from '../cache/repositories/healing-logs-query.js';
import { notFound } from './service-error.js';

/** Reads of cached healing logs: the triage tables' pages and counts (HealingLogsQuery) and the detail pane. */
export class LogQueryService {
  constructor(private readonly repos: Repositories) {}

  page(query: LogPageQuery): IpcResponse<'ops:triage.page'> {
    return this.repos.logQuery.page(query);
  }

  severityCounts(filters: LogFilters): IpcResponse<'ops:triage.severityCounts'> {
    return this.repos.logQuery.severityCounts(filters);
  }

  position(query: IpcParsedRequest<'ops:triage.position'>): IpcResponse<'ops:triage.position'> {
    return this.repos.logQuery.position(query);
  }

  byIds(ids: readonly string[]): IpcResponse<'ops:triage.byIds'> {
    return this.repos.logQuery.byIds(ids);
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
    return this.repos.logQuery.counts();
  }
}
