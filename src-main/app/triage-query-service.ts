import type BetterSqlite3 from 'better-sqlite3';
import type { IpcParsedRequest, IpcResponse } from '../../src-shared/ipc/contract.js';
import type { CachedLog } from '../../src-shared/ipc/model.js';
import type { TriageRow, TriageSort } from '../../src-shared/ipc/triage.js';
import { SEVERITIES, type Severity } from '../../src-shared/schemas/common.js';
import type { Repositories } from '../cache/repositories/index.js';
import { normalizeTimestamp } from '../cache/repositories/entity-specs.js';
import { SEVERITY_RANK } from '../cache/repositories/healing-logs-repo.js';
import { SELECT_CACHED_LOG } from '../cache/repositories/healing-logs-sql.js';

type Filters = IpcParsedRequest<'ops:triage.page'>['filters'];

/**
 * Each order is what an index walks: `urgency` the review queue's index of 0004_urgency_index.sql
 * (status, then the order itself), `newest` and `oldest` the index on created_at.
 */
const ORDER_BY: Readonly<Record<TriageSort, string>> = {
  urgency: 'h.severity_rank DESC, h.created_at ASC, h.confidence ASC, h.id',
  newest: 'h.created_at DESC, h.id',
  oldest: 'h.created_at ASC, h.id DESC',
};

/** The triage row's columns over `source` (which names the logs `h`), with the plugin joined. */
function selectRows(source: string): string {
  return SELECT_CACHED_LOG.replace(
    ' FROM healing_logs h',
    `, p.merchant_id AS merchant_id, json_extract(p.data, '$.cms_version') AS cms_version,
       json_extract(p.data, '$.plugin_version') AS plugin_version
     FROM ${source} LEFT JOIN plugins p ON p.id = h.plugin_id`,
  );
}
const SELECT_ROW = selectRows('healing_logs h');

const SEVERITY_OF_RANK = new Map(Object.entries(SEVERITY_RANK).map(([severity, rank]) => [rank, severity as Severity]));

interface Row {
  data: string;
  platform: string | null;
  local_state: CachedLog['localState'];
  pending: string | null;
  merchant_id: string | null;
  cms_version: string | null;
  plugin_version: string | null;
}

/** The review queue's and the all-logs table's reads: filtered pages, totals, counts per severity. */
export class TriageQueryService {
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  constructor(private readonly repos: Repositories) {}

  page(request: IpcParsedRequest<'ops:triage.page'>): IpcResponse<'ops:triage.page'> {
    const { where, params } = whereClause(request.filters);
    const order = ORDER_BY[request.sort];
    // The page's rows are found first, by rowid, then read: skipping 90,000 rows by OFFSET then walks
    // 90,000 index entries instead of reading (and joining) 90,000 rows.
    const pageRows = `SELECT h.rowid AS rid FROM healing_logs h${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const rows = this.prepare(`${selectRows(`(${pageRows}) page CROSS JOIN healing_logs h ON h.rowid = page.rid`)} ORDER BY ${order}`).all(
      ...params,
      request.limit,
      request.offset,
    ) as Row[];
    const { n } = this.prepare(`SELECT count(*) AS n FROM healing_logs h${where}`).get(...params) as { n: number };
    return { items: rows.map(toRow), total: n };
  }

  severityCounts(request: IpcParsedRequest<'ops:triage.severityCounts'>): IpcResponse<'ops:triage.severityCounts'> {
    const { where, params } = whereClause(request.filters);
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

  byIds(ids: readonly string[]): IpcResponse<'ops:triage.byIds'> {
    const placeholders = ids.map(() => '?').join(', ');
    const rows = this.prepare(`${SELECT_ROW} WHERE h.id IN (${placeholders})`).all(...ids) as Row[];
    const order = new Map(ids.map((id, index) => [id, index]));
    return { items: rows.map(toRow).sort((a, b) => order.get(a.log.id)! - order.get(b.log.id)!) };
  }

  /** The statement text depends only on which filters are present, so a handful of shapes are prepared once. */
  private prepare(text: string): BetterSqlite3.Statement<unknown[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.repos.cache.sql.prepare(text);
      if (this.statements.size > 300) this.statements.clear();
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** The WHERE clause (with its leading space) and parameters of a filter set. */
export function whereClause(filters: Filters): { where: string; params: unknown[] } {
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
    log: JSON.parse(row.data) as TriageRow['log'],
    platform: row.platform as TriageRow['platform'],
    localState: row.local_state,
    pending: row.pending ? (JSON.parse(row.pending) as TriageRow['pending']) : null,
    plugin: row.merchant_id === null ? null : { merchantId: row.merchant_id, cmsVersion: row.cms_version, pluginVersion: row.plugin_version },
  };
}
