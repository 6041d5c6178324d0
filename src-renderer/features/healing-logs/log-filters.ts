import type { TriageFilters } from '../../../src-shared/ipc/triage.js';
import { HEALING_STATUSES, type HealingStatus } from '../../../src-shared/domain/healing-state.js';
import { PLATFORMS, SEVERITIES, type Platform, type Severity } from '../../../src-shared/schemas/common.js';

export type { HealingStatus };
/** The two tables: the review queue (waiting for a human, most urgent first) and every cached log. */
export const LOG_VIEWS = ['queue', 'all'] as const;
export type LogView = (typeof LOG_VIEWS)[number];

/** What the user filters the tables by, as it lives in the address (dates are local `YYYY-MM-DD`). */
export interface LogFilters {
  view: LogView;
  status: HealingStatus[];
  severity: Severity[];
  platform: Platform[];
  pluginId: string;
  minConfidence: number | null;
  maxConfidence: number | null;
  from: string;
  to: string;
  q: string;
}

export const DEFAULT_FILTERS: LogFilters = {
  view: 'queue',
  status: [],
  severity: [],
  platform: [],
  pluginId: '',
  minConfidence: null,
  maxConfidence: null,
  from: '',
  to: '',
  q: '',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KEYS = ['view', 'status', 'severity', 'platform', 'plugin', 'cmin', 'cmax', 'from', 'to', 'q'] as const;

function listOf<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  if (!value) return [];
  const wanted = new Set(value.split(','));
  return allowed.filter((item) => wanted.has(item));
}

function confidenceOf(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
}

/**
 * Reads the filters from the address's fragment (`#view=all&status=applied,failed&q=…`). Unknown or
 * malformed values are dropped rather than rejected, so a hand-edited address still opens.
 */
export function parseFilters(hash: string): LogFilters {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = params.get('view');
  let minConfidence = confidenceOf(params.get('cmin'));
  let maxConfidence = confidenceOf(params.get('cmax'));
  if (minConfidence !== null && maxConfidence !== null && minConfidence > maxConfidence) {
    [minConfidence, maxConfidence] = [maxConfidence, minConfidence];
  }
  const date = (key: string) => {
    const value = params.get(key) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    view: view === 'all' ? 'all' : 'queue',
    status: listOf(params.get('status'), HEALING_STATUSES),
    severity: listOf(params.get('severity'), SEVERITIES),
    platform: listOf(params.get('platform'), PLATFORMS),
    pluginId: (params.get('plugin') ?? '').slice(0, 128),
    minConfidence,
    maxConfidence,
    from: date('from'),
    to: date('to'),
    q: (params.get('q') ?? '').slice(0, 200),
  };
}

/**
 * Writes the filters into a fragment, keeping any other parameter of `previousHash` and leaving
 * defaults out so the plain review queue has a clean address.
 */
export function serializeFilters(filters: LogFilters, previousHash = ''): string {
  const params = new URLSearchParams(previousHash.replace(/^#/, ''));
  for (const key of KEYS) params.delete(key);
  const put = (key: string, value: string) => {
    if (value !== '') params.set(key, value);
  };
  if (filters.view !== 'queue') put('view', filters.view);
  put('status', filters.status.join(','));
  put('severity', filters.severity.join(','));
  put('platform', filters.platform.join(','));
  put('plugin', filters.pluginId);
  put('cmin', filters.minConfidence === null ? '' : String(filters.minConfidence));
  put('cmax', filters.maxConfidence === null ? '' : String(filters.maxConfidence));
  put('from', filters.from);
  put('to', filters.to);
  put('q', filters.q);
  const text = params.toString();
  return text ? `#${text}` : '';
}

/** Local midnight of a `YYYY-MM-DD` day as an ISO instant (`dayOffset` 1 is the next midnight). */
function localMidnight(day: string, dayOffset = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + dayOffset).toISOString();
}

/**
 * The request the filters make. The review queue always means "waiting for review"; its status
 * filter is ignored. The `to` day is included (the range ends at the next midnight).
 */
export function toTriageFilters(filters: LogFilters): TriageFilters {
  const request: TriageFilters = {};
  if (filters.view === 'queue') request.status = ['pending_review'];
  else if (filters.status.length) request.status = filters.status;
  if (filters.severity.length) request.severity = filters.severity;
  if (filters.platform.length) request.platform = filters.platform;
  if (filters.pluginId.trim()) request.pluginId = filters.pluginId.trim();
  if (filters.minConfidence !== null) request.minConfidence = filters.minConfidence;
  if (filters.maxConfidence !== null) request.maxConfidence = filters.maxConfidence;
  if (filters.from) request.createdFrom = localMidnight(filters.from);
  if (filters.to) request.createdTo = localMidnight(filters.to, 1);
  if (filters.q.trim()) request.q = filters.q.trim();
  return request;
}

/** How many filters narrow the current view (the review queue's fixed status does not count). */
export function activeFilterCount(filters: LogFilters): number {
  const request = toTriageFilters(filters);
  return Object.keys(request).length - (filters.view === 'queue' ? 1 : 0) - (request.minConfidence !== undefined && request.maxConfidence !== undefined ? 1 : 0);
}
