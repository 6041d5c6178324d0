import { z } from 'zod';
import { JsonObjectSchema, PluginIdSchema, TimestampSchema, UuidSchema, pageOf } from './common.js';

export const COMMAND_TYPES = ['apply_patch', 'rollback', 'force_update', 'enable_debug', 'restart'] as const;
export const CommandTypeSchema = z.enum(COMMAND_TYPES);
export type CommandType = z.infer<typeof CommandTypeSchema>;
export const COMMAND_STATUSES = ['pending', 'leased', 'succeeded', 'failed', 'expired'] as const;
export const CommandStatusSchema = z.enum(COMMAND_STATUSES);

export const CommandSchema = z.object({
  id: UuidSchema,
  plugin_id: z.string(),
  healing_log_id: UuidSchema.nullable(),
  command_type: CommandTypeSchema,
  payload: JsonObjectSchema,
  priority: z.number().int(),
  status: CommandStatusSchema,
  attempts: z.number().int(),
  max_attempts: z.number().int(),
  lease_expires_at: TimestampSchema.nullable(),
  result: JsonObjectSchema.nullable(),
  error: z.string().nullable(),
  created_at: TimestampSchema,
  acked_at: TimestampSchema.nullable(),
  version: z.number().int(),
});
export type Command = z.infer<typeof CommandSchema>;

/** A plugin polls: claim up to `limit` commands, each leased for `lease_seconds`. */
export const PollCommandsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  lease_seconds: z.coerce.number().int().min(5).max(3600).default(60),
});
/** The commands this poll leased, highest priority first, then oldest. */
export const PollCommandsResponseSchema = z.object({ commands: z.array(CommandSchema) });

/** The plugin reports what executing a leased command did. */
export const AckBodySchema = z.object({
  success: z.boolean(),
  result: JsonObjectSchema.optional(),
  error: z.string().max(4000).optional(),
});

/** Staff command outside the healing flow (`force_update`, `enable_debug`, `restart`). */
export const SendCommandBodySchema = z.object({
  plugin_id: PluginIdSchema,
  command_type: z.enum(['force_update', 'enable_debug', 'restart']),
  payload: JsonObjectSchema.default({}),
  priority: z.number().int().min(0).max(10).default(5),
});

/** Staff list of commands, newest first (keyset pagination). `status` takes a comma-separated list. */
export const CommandListQuerySchema = z.object({
  plugin_id: PluginIdSchema.optional(),
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(CommandStatusSchema))
    .optional(),
  healing_log_id: UuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export const CommandPageSchema = pageOf(CommandSchema);
