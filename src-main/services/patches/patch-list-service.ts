import { SEVERITY_RANK } from '../../cache/repositories/healing-logs-repo.js';
import type { IpcParsedRequest, IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { PATCH_SORT_COLUMNS, PatchRow } from '../../../src-shared/ipc/patches.js';
import type { Repositories } from '../../cache/repositories/index.js';
import type { CacheTable } from '../../cache/tables.js';
import type { Disposable } from '../../util/emitter.js';
import { notFound } from '../service-error.js';
import { buildPatchRows, type IndexedPatchRow } from './patch-rows.js';

type SortColumn = (typeof PATCH_SORT_COLUMNS)[number];

/** How long after a change the rows are rebuilt ahead of the next read. */
const REBUILD_DELAY_MS = 100;

/** The tables the rows are built from: a change to any of them rebuilds them on the next read. */
const ROW_TABLES: ReadonlySet<CacheTable> = new Set(['sdk_patches', 'sdk_patch_versions', 'patch_stats']);

/**
 * The Patches screen's reads: the registry as rows (state, active version, author, field figures and
 * alerts), filtered and sorted in memory. The rows are built once per change of the tables they read,
 * so filtering and sorting 5,000 patches as the user types costs a few milliseconds.
 */
export class PatchListService {
  private rows: IndexedPatchRow[] | undefined;
  private rowsFor = '';
  private rebuild: NodeJS.Timeout | undefined;
  private readonly subscription: Disposable;

  constructor(private readonly repos: Repositories) {
    this.subscription = repos.cache.onDidChangeTables((tables) => {
      if (!tables.some((table) => ROW_TABLES.has(table))) return;
      this.rows = undefined;
      // Rebuilt shortly after the change rather than by the next read, so the screen's refetch finds
      // them ready; a burst of changes (the feed's pages of a sync) rebuilds once.
      if (this.rebuild) return;
      this.rebuild = setTimeout(() => {
        this.rebuild = undefined;
        if (repos.cache.sql.open && this.rows === undefined) this.indexed();
      }, REBUILD_DELAY_MS);
      this.rebuild.unref();
    });
  }

  list({ filters, sort }: IpcParsedRequest<'ops:patches.list'>): IpcResponse<'ops:patches.list'> {
    const all = this.indexed();
    const search = filters.search.trim().toLowerCase();
    const languages = new Set<string>(filters.languages);
    const states = new Set<string>(filters.states);
    const rows = all
      .filter(({ row, haystack }) => {
        if (languages.size > 0 && !languages.has(row.sdk_language)) return false;
        if (states.size > 0 && !states.has(row.state)) return false;
        if (search !== '' && !haystack.includes(search)) return false;
        if (filters.alert === 'any') return row.alerts.length > 0;
        if (filters.alert !== null) return row.alerts.includes(filters.alert);
        return true;
      })
      .map(({ row }) => row)
      .sort(comparator(sort.column, sort.direction));
    return { rows, total: all.length, stats: this.repos.fieldStats.age('field_stats') };
  }

  detail(patchId: string): IpcResponse<'ops:patches.detail'> {
    const cached = this.repos.patches.patch(patchId);
    const row = this.indexed().find((r) => r.row.id === patchId)?.row;
    if (!cached || !row) throw notFound('SDK patch', patchId);
    return { patch: cached.patch, versions: this.repos.patches.versionsOf(patchId).map((v) => v.version), row };
  }

  /** The screen's row of one patch (undefined when it is not cached). */
  row(patchId: string): PatchRow | undefined {
    return this.indexed().find((r) => r.row.id === patchId)?.row;
  }

  dispose(): void {
    this.subscription();
    if (this.rebuild) clearTimeout(this.rebuild);
  }

  private indexed(): IndexedPatchRow[] {
    // The author column names this console's user: rows are rebuilt when the identity changes too.
    const identity = this.repos.syncState.get().identity;
    const who = `${identity?.tokenId ?? ''}\n${identity?.name ?? ''}`;
    if (!this.rows || this.rowsFor !== who) {
      this.rows = buildPatchRows(this.repos.patches.patches(), this.repos.patches.versionSummaries(), this.repos.fieldStats.statsByPatch(), identity);
      this.rowsFor = who;
    }
    return this.rows;
  }
}

type SortValue = string | number | null;

function sortValue(row: PatchRow, column: SortColumn): SortValue {
  switch (column) {
    case 'severity':
      return SEVERITY_RANK[row.severity as keyof typeof SEVERITY_RANK] ?? null;
    case 'applications_7d':
    case 'success_rate_7d':
    case 'rollback_rate_24h':
    case 'failure_rate_1h':
    case 'last_seen_at':
      return row.stats?.[column] ?? null;
    default:
      return row[column];
  }
}

/** Orders by the column (missing values last in either direction), then by id so the order is stable. */
function comparator(column: SortColumn, direction: 'asc' | 'desc'): (a: PatchRow, b: PatchRow) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = sortValue(a, column);
    const y = sortValue(b, column);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return sign * (typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : x < y ? -1 : 1);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
