import { z } from 'zod';
import { JsonObjectSchema, PluginIdSchema, TimestampSchema, UuidSchema } from './common.js';

export const COMMAND_TYPES = ['apply_patch', 'rollback', 'force_update', 'enable_debug', 'restart'] as const;
export const CommandTypeSchema = z.enum(COMMAND_TYPES);
export const COMMAND_STATUSES = ['pending', 'leased', 'succeeded', 'failed', 'expired'] as const;

export const CommandSchema = z.object({
  id: UuidSchema,
  plugin_id: z.string(),
  healing_log_id: UuidSchema.nullable(),
  command_type: CommandTypeSchema,
  payload: JsonObjectSchema,
  priority: z.number().int(),
  status: z.enum(COMMAND_STATUSES),
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

export const PollCommandsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  lease_seconds: z.coerce.number().int().min(5).max(3600).default(60),
});
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

