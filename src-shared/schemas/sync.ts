import { z } from 'zod';
import { TimestampSchema } from './common.js';

/** The kinds of rows the change feed carries (the console caches each). */
export const SYNC_ENTITIES = [
  'plugin',
  'rule',
  'healing_log',
  'snapshot',
  'command',
  'pause',
  'approval_policy',
  'mapping',
  'sdk_patch',
  'sdk_patch_version',
] as const;
export const SyncEntitySchema = z.enum(SYNC_ENTITIES);

/** One change: the row as it was right after the change. */
export const ChangeSchema = z.object({
  cursor: z.number().int(),
  entity: SyncEntitySchema,
  entity_id: z.string(),
  op: z.enum(['insert', 'update', 'delete']),
  data: z.record(z.string(), z.unknown()),
  changed_at: TimestampSchema,
});
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const ChangesResponseSchema = z.object({
  changes: z.array(ChangeSchema),
  /** Pass back as `since`; equals `since` when nothing new. */
  next_cursor: z.number().int(),
  has_more: z.boolean(),
});
export type ChangesResponse = z.infer<typeof ChangesResponseSchema>;
