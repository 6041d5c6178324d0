import { stringify } from 'csv-stringify/sync';
import type { IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { TriageSort } from '../../../src-shared/ipc/triage.js';
import type { Runbook, RunbookTable } from '../../../src-shared/schemas/sdk-field.js';
import type { LogFilters } from '../../cache/repositories/healing-logs-query.js';
import type { Repositories } from '../../cache/repositories/index.js';
import { ServiceError } from '../service-error.js';

/** Rows read per query while exporting the healing logs. */
const EXPORT_CHUNK = 2_000;

/** A number as text ("-12", "0.35"): written as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/** What a spreadsheet reads as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's text. Text that a spreadsheet would run as a formula (`=HYPERLINK(…)` in an error message an
 * SDK or plugin sent) is prefixed with an apostrophe, which spreadsheets show as text; numbers are not.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * RFC 4180 CSV with a header row of column names, UTF-8 with a BOM (so spreadsheets read accents).
 * Every value is written as text as it came (ids, amounts and rates keep their exact digits), except that
 * text a spreadsheet would run as a formula is neutralised (`csvCell`).
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const text = csvCell;
  const records = rows.map((row) => columns.map((column) => text(row[column])));
  return `\uFEFF${stringify([columns as string[], ...records], { record_delimiter: '\r\n' })}`;
}

/** The columns of each runbook table, in the runbook SQL's order. */
const RUNBOOK_COLUMNS: Readonly<Record<RunbookTable, readonly string[]>> = {
  most_used: ['patch_id', 'sdk_language', 'error_signature', 'description', 'applications', 'success_rate'],
  rollback_rates: ['patch_id', 'description', 'total_applications', 'rollbacks', 'rollback_rate'],
  errors_per_developer: ['developer_id', 'sdk_language', 'total_patches_applied', 'successful'],
  active_patches: ['active_patches'],
  failing_last_hour: ['patch_id', 'description', 'failures'],
  unpatched_errors: ['sdk_language', 'error_pattern', 'occurrences'],
};

/** One runbook table as CSV, from the cached runbook. */
export function runbookCsv(runbook: Runbook | null, table: RunbookTable): IpcResponse<'ops:runbook.exportCsv'> {
  if (!runbook) throw new ServiceError('not_found', 'not_in_cache', 'the runbook has not been fetched from the backend yet');
  const rows: ReadonlyArray<Record<string, unknown>> = table === 'active_patches' ? [{ active_patches: runbook.active_patches }] : runbook[table];
  return { filename: `runbook-${table.replaceAll('_', '-')}-${stamp(runbook.computed_at)}.csv`, csv: toCsv(RUNBOOK_COLUMNS[table], rows) };
}

const LOG_COLUMNS = [
  'id',
  'plugin_id',
  'platform',
  'status',
  'issue_severity',
  'sira_confidence',
  'detected_issue',
  'patch_type',
  'auto_applied',
  'approvals',
  'required_approvals',
  'rejection_reason',
  'created_by',
  'applied_by',
  'applied_at',
  'rolled_back_by',
  'rolled_back_at',
  'created_at',
  'updated_at',
  'version',
  'local_state',
] as const;

/** Every cached healing log matching the triage filters, in the triage order, as CSV. */
export function healingLogsCsv(repos: Repositories, filters: LogFilters, sort: TriageSort, now: Date): IpcResponse<'ops:triage.exportCsv'> {
  const rows: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += EXPORT_CHUNK) {
    const { items, hasMore } = repos.logQuery.slice({ filters, sort, limit: EXPORT_CHUNK, offset });
    for (const { log, platform, localState } of items) {
      rows.push({ ...log, platform, approvals: log.approvals.length, local_state: localState });
    }
    if (!hasMore) break;
  }
  return { filename: `healing-logs-${stamp(now.toISOString())}.csv`, csv: toCsv(LOG_COLUMNS, rows), rows: rows.length };
}

/** `2026-12-04T20:24:47.123Z` → `20261204-202447`. */
function stamp(iso: string): string {
  return iso.replace(/\.\d+/, '').replace(/[-:]/g, '').replace('T', '-').replace('Z', '');
}

/** The CSV exports: the runbook's tables and the healing logs under the triage page's filters. */
export class CsvExports {
  constructor(
    private readonly repos: Repositories,
    private readonly now: () => Date = () => new Date(),
  ) {}

  runbook(table: RunbookTable): IpcResponse<'ops:runbook.exportCsv'> {
    return runbookCsv(this.repos.fieldStats.runbook(), table);
  }

  healingLogs(filters: LogFilters, sort: TriageSort): IpcResponse<'ops:triage.exportCsv'> {
    return healingLogsCsv(this.repos, filters, sort, this.now());
  }
}
