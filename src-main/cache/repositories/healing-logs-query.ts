import type BetterSqlite3 from 'better-sqlite3';
import type { IpcParsedRequest, IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { TriageRow, TriageSort } from '../../../src-shared/ipc/triage.js';
import { SEVERITIES, type Severity } from '../../../src-shared/schemas/common.js';
import type { CacheDb } from '../cache-db.js';
import { normalizeTimestamp } from './entity-specs.js';
import { SEVERITY_RANK, toCachedLog, type CachedLogRow } from './healing-logs-repo.js';
import { CACHED_LOG_COLUMNS } from './healing-logs-sql.js';

/** A page of logs: filters, order, limit and offset (every screen's, the notifier's too). */
export type LogPageQuery = IpcParsedRequest<'ops:triage.page'>;
export type LogFilters = LogPageQuery['filters'];

/**
 * Each order is what an index walks: `urgency` the review queue's index of 0004_urgency_index.sql
 * (status, then the order itself), `newest` and `oldest` the index on created_at.
 */
const ORDER_BY: Readonly<Record<TriageSort, string>> = {
  urgency: 'h.severity_rank DESC, h.created_at ASC, h.confidence ASC, h.id',
  newest: 'h.created_at DESC, h.id',
  oldest: 'h.created_at ASC, h.id DESC',
};

/** A table row's columns: the cached log's, and its plugin's summary (null when the plugin is not cached). */
const ROW_COLUMNS = `${CACHED_LOG_COLUMNS}, p.merchant_id AS merchant_id, json_extract(p.data, '$.cms_version') AS cms_version,
  json_extract(p.data, '$.plugin_version') AS plugin_version`;

/** The table rows over `source` (which names the logs `h`), with the plugin joined. */
const selectRows = (source: string) => `SELECT ${ROW_COLUMNS} FROM ${source} LEFT JOIN plugins p ON p.id = h.plugin_id`;

const SEVERITY_OF_RANK = new Map(Object.entries(SEVERITY_RANK).map(([severity, rank]) => [rank, severity as Severity]));

interface Row extends CachedLogRow {
  merchant_id: string | null;
  cms_version: string | null;
  plugin_version: string | null;
}

/**
 * The one read model of the cached healing logs: the review queue, the all-logs table, a bulk
 * action's preview and the urgent-log notifier read their pages, totals and counts here.
 */
export class HealingLogsQuery {
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  constructor(private readonly cache: CacheDb) {}

  /** One page of the matching logs in the asked order, and how many match (to size a scroller). */
  page(query: LogPageQuery): IpcResponse<'ops:triage.page'> {
    const { where, params } = whereClause(query.filters);
    const items = this.rows(where, params, query.sort, query.limit, query.offset);
    const { n } = this.prepare(`SELECT count(*) AS n FROM healing_logs h${where}`).get(...params) as { n: number };
    return { items, total: n };
  }

  /** The same page without the total (which walks every match): `hasMore` when another page follows. */
  slice(query: LogPageQuery): { items: TriageRow[]; hasMore: boolean } {
    const { where, params } = whereClause(query.filters);
    const items = this.rows(where, params, query.sort, query.limit + 1, query.offset);
    return { items: items.slice(0, query.limit), hasMore: items.length > query.limit };
  }

  private rows(where: string, params: unknown[], sort: TriageSort, limit: number, offset: number): TriageRow[] {
    const order = ORDER_BY[sort];
    // The page's rows are found first, by rowid, then read: skipping 90,000 rows by OFFSET then walks
    // 90,000 index entries instead of reading (and joining) 90,000 rows.
    const pageRows = `SELECT h.rowid AS rid FROM healing_logs h${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rows = this.prepare(`${selectRows(`(${pageRows}) page CROSS JOIN healing_logs h ON h.rowid = page.rid`)} ORDER BY ${order}`).all(
      ...params,
      limit,
      offset,
    ) as Row[];
    return rows.map(toRow);
  }

  /**
   * Where a log is in a view: its index under the filters and order (null when it does not match
   * them), and its row (null when it is not cached). A log that does not match is answered from the
   * id index alone; the index of one that does is counted over the view, in the view's order.
   */
  position(query: IpcParsedRequest<'ops:triage.position'>): IpcResponse<'ops:triage.position'> {
    const row = this.byIds([query.id]).items[0] ?? null;
    if (!row) return { index: null, row };
    const { where, params } = whereClause(query.filters);
    const matchWhere = where ? `${where} AND h.id = ?` : ' WHERE h.id = ?';
    if (!this.prepare(`SELECT 1 FROM healing_logs h${matchWhere}`).get(...params, query.id)) return { index: null, row };
    const ranked = `SELECT h.id AS id, row_number() OVER (ORDER BY ${ORDER_BY[query.sort]}) - 1 AS idx FROM healing_logs h${where}`;
    const found = this.prepare(`SELECT idx FROM (${ranked}) WHERE id = ?`).get(...params, query.id) as { idx: number } | undefined;
    return { index: found?.idx ?? null, row };
  }

  /** Counts per severity of the matching logs (the review queue's header). */
  severityCounts(filters: LogFilters): IpcResponse<'ops:triage.severityCounts'> {
    const { where, params } = whereClause(filters);
    // Grouped by rank, which the queue's indexes hold: the counts come from the index alone.
    const rows = this.prepare(`SELECT h.severity_rank AS rank, count(*) AS n FROM healing_logs h${where} GROUP BY h.severity_rank`).all(
      ...params,
    ) as { rank: number; n: number }[];
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let total = 0;
    for (const row of rows) {
      const severity = SEVERITY_OF_RANK.get(row.rank);
      if (severity) bySeverity[severity] = row.n;
      total += row.n;
    }
    return { total, bySeverity };
  }

  /** Counts of every cached log per status and per local state. */
  counts(): IpcResponse<'ops:logs.counts'> {
    const byStatus: Record<string, number> = {};
    let total = 0;
    const statuses = this.prepare('SELECT status, count(*) AS n FROM healing_logs GROUP BY status').all() as { status: string; n: number }[];
    for (const row of statuses) {
      byStatus[row.status] = row.n;
      total += row.n;
    }
    const byLocalState: Record<string, number> = {};
    const states = this.prepare('SELECT local_state, count(*) AS n FROM healing_logs GROUP BY local_state').all() as { local_state: string; n: number }[];
    for (const row of states) byLocalState[row.local_state] = row.n;
    return { total, byStatus, byLocalState };
  }

  /** Given logs by id, in the order asked; ids not in the cache are left out. */
  byIds(ids: readonly string[]): IpcResponse<'ops:triage.byIds'> {
    const placeholders = ids.map(() => '?').join(', ');
    const rows = this.prepare(`${selectRows('healing_logs h')} WHERE h.id IN (${placeholders})`).all(...ids) as Row[];
    const order = new Map(ids.map((id, index) => [id, index]));
    return { items: rows.map(toRow).sort((a, b) => order.get(a.log.id)! - order.get(b.log.id)!) };
  }

  /** The statement text depends only on which filters are present, so a handful of shapes are prepared once. */
  private prepare(text: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.cache.sql.prepare(text);
      if (this.statements.size > 300) this.statements.clear();
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** The WHERE clause (with its leading space) and parameters of a filter set. */
export function whereClause(filters: LogFilters): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const anyOf = (column: string, values: readonly unknown[] | undefined) => {
    if (!values) return;
    where.push(values.length === 1 ? `${column} = ?` : `${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  const compare = (condition: string, value: unknown) => {
    if (value === undefined) return;
    where.push(condition);
    params.push(value);
  };
  anyOf('h.status', filters.status);
  // By rank: the queue's indexes hold it, so a severity filter is answered from the index.
  anyOf('h.severity_rank', filters.severity?.map((severity) => SEVERITY_RANK[severity]));
  anyOf('h.platform', filters.platform);
  anyOf('h.local_state', filters.localState);
  compare('h.plugin_id = ?', filters.pluginId);
  compare('h.confidence >= ?', filters.minConfidence);
  compare('h.confidence <= ?', filters.maxConfidence);
  compare('h.created_at >= ?', filters.createdFrom === undefined ? undefined : normalizeTimestamp(filters.createdFrom));
  compare('h.created_at < ?', filters.createdTo === undefined ? undefined : normalizeTimestamp(filters.createdTo));
  if (filters.q !== undefined) {
    where.push("(h.detected_issue LIKE ? ESCAPE '\\' OR h.plugin_id LIKE ? ESCAPE '\\')");
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(pattern, pattern);
  }
  return { where: where.length ? ` WHERE ${where.join(' AND ')}` : '', params };
}

function toRow(row: Row): TriageRow {
  return {
    ...toCachedLog(row),
    plugin: row.merchant_id === null ? null : { merchantId: row.merchant_id, cmsVersion: row.cms_version, pluginVersion: row.plugin_version },
  };
}
