import { z } from 'zod';
import { SnapshotSchema } from '../schemas/autoheal.js';
import { CommandSchema } from '../schemas/commands.js';
import { UuidSchema } from '../schemas/common.js';
import { PluginSchema } from '../schemas/plugins.js';
import { CachedLogSchema } from './model.js';

/**
 * A cached log, its plugin's platform and local state, and everything the detail pane shows. Pages of
 * logs (every screen's filters and orders) are the triage channels' (triage.ts).
 */
export const LOGS_CHANNELS = {
  'ops:logs.get': {
    request: z.strictObject({ id: UuidSchema }),
    response: z.object({
      item: CachedLogSchema,
      plugin: PluginSchema.nullable(),
      snapshots: z.array(SnapshotSchema),
      commands: z.array(CommandSchema),
    }),
  },
  'ops:logs.counts': {
    request: z.strictObject({}),
    response: z.object({
      total: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      byLocalState: z.record(z.string(), z.number().int()),
    }),
  },
} as const;
