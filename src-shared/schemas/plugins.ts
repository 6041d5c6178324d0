import { z } from 'zod';
import { PlatformSchema, PluginIdSchema, JsonObjectSchema, TimestampSchema } from './common.js';

/** A merchant's installed Molam plugin, as the backend knows it. */
export const PluginSchema = z.object({
  id: PluginIdSchema,
  merchant_id: z.string(),
  cms: PlatformSchema,
  cms_version: z.string(),
  plugin_version: z.string(),
  php_version: z.string().nullable(),
  state: JsonObjectSchema,
  last_seen_at: TimestampSchema.nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int(),
});
export type Plugin = z.infer<typeof PluginSchema>;

/** A plugin registers itself (and refreshes its versions) with this body. */
export const RegisterPluginBodySchema = z.object({
  id: PluginIdSchema,
  merchant_id: z.string().min(1).max(128).optional(),
  cms: PlatformSchema,
  cms_version: z.string().min(1).max(32),
  plugin_version: z.string().min(1).max(32),
  php_version: z.string().min(1).max(32).optional(),
  state: JsonObjectSchema.optional(),
});
export type RegisterPluginBody = z.infer<typeof RegisterPluginBodySchema>;

export const PluginListQuerySchema = z.object({
  cms: PlatformSchema.optional(),
  merchant_id: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
