import { z } from 'zod';
import { CacheTableSchema } from './cache-tables.js';
import { CONFLICTS_CHANNELS } from './conflicts.js';
import { DECISIONS_CHANNELS } from './decisions.js';
import { LOG_DETAIL_CHANNELS } from './log-detail.js';
import { LOGS_CHANNELS } from './logs.js';
import { SyncStatusSchema } from './model.js';
import { NOTIFICATIONS_CHANNELS } from './notifications.js';
import { OUTBOX_CHANNELS } from './outbox.js';
import { OVERVIEW_CHANNELS } from './overview.js';
import { PATCHES_CHANNELS } from './patches.js';
import { PREVIEW_CHANNELS } from './previews.js';
import { ROLLOUTS_CHANNELS } from './rollouts.js';
import { SETTINGS_CHANNELS } from './settings.js';
import { SYNC_CHANNELS } from './sync.js';
import { TRIAGE_CHANNELS } from './triage.js';

/**
 * Every request/response channel between the renderer and the main process, `ops:<domain>.<verb>`.
 * The main process parses each request with its schema before any handler sees it.
 */
export const IPC_CHANNELS = {
  ...LOGS_CHANNELS,
  ...DECISIONS_CHANNELS,
  ...SYNC_CHANNELS,
  ...CONFLICTS_CHANNELS,
  ...OUTBOX_CHANNELS,
  ...SETTINGS_CHANNELS,
  ...LOG_DETAIL_CHANNELS,
  ...PREVIEW_CHANNELS,
  ...TRIAGE_CHANNELS,
  ...OVERVIEW_CHANNELS,
  ...NOTIFICATIONS_CHANNELS,
  ...PATCHES_CHANNELS,
  ...ROLLOUTS_CHANNELS,
} as const;

export type IpcChannel = keyof typeof IPC_CHANNELS;
/** What the renderer sends on a channel (before defaults are filled in). */
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC_CHANNELS)[C]['request']>;
/** What a handler receives once the request is parsed. */
export type IpcParsedRequest<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['response']>;

export const IPC_CHANNEL_NAMES = Object.keys(IPC_CHANNELS) as IpcChannel[];
export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.hasOwn(IPC_CHANNELS, name);
}

/** Events the main process pushes to every window. */
export const IPC_EVENTS = {
  /** A pull is under way: how many changes it has applied so far. */
  'sync.progress': z.object({
    phase: z.enum(['initial', 'incremental']),
    applied: z.number().int(),
    cursor: z.number().int(),
    hasMore: z.boolean(),
  }),
  /** Connectivity, last sync, last error, outbox depth, conflicts count changed. */
  'sync.status': SyncStatusSchema,
  /** These cache tables changed: queries that read them are stale. */
  'cache.changed': z.object({ tables: z.array(CacheTableSchema) }),
  /** The set of open conflicts changed. */
  'conflicts.changed': z.object({ count: z.number().int() }),
} as const;

export type IpcEventName = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof IPC_EVENTS)[E]>;
export const IPC_EVENT_NAMES = Object.keys(IPC_EVENTS) as IpcEventName[];
export function isIpcEventName(name: unknown): name is IpcEventName {
  return typeof name === 'string' && Object.hasOwn(IPC_EVENTS, name);
}

/** Why a call failed, in terms the UI can act on. */
export const IPC_ERROR_KINDS = ['invalid_request', 'not_found', 'conflict', 'offline', 'forbidden', 'internal'] as const;
export type IpcErrorKind = (typeof IPC_ERROR_KINDS)[number];
export interface IpcError {
  kind: IpcErrorKind;
  message: string;
  /** The backend's `error.code` (API_ERROR_CODES) when the backend refused the call: the console words it. */
  code?: string;
}

/** Every call answers with this envelope; a handler never throws across the boundary. */
export type IpcResult<T = unknown> = { ok: true; data: T } | { ok: false; error: IpcError };

export const IpcErrorSchema = z.object({ kind: z.enum(IPC_ERROR_KINDS), message: z.string(), code: z.string().optional() });
export const IpcResultSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: IpcErrorSchema }),
]);

/** The one object the preload (and the browser shell's client) exposes to the renderer. */
export interface OpsApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}
