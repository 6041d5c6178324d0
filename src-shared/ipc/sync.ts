import { z } from 'zod';
import { SyncStatusSchema } from './model.js';

/** Sync status and manual triggers (the engine also syncs by itself on SSE nudges and a timer). */
export const SYNC_CHANNELS = {
  'ops:sync.status': { request: z.strictObject({}), response: SyncStatusSchema },
  /** Pull and push now; answers with the status once the round is over. */
  'ops:sync.now': { request: z.strictObject({}), response: SyncStatusSchema },
  /** Empty the cache (queued decisions are kept) and pull everything again. */
  'ops:sync.resync': { request: z.strictObject({}), response: SyncStatusSchema },
} as const;
