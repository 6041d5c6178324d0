import { z } from 'zod';

/** Every error the backend returns has this shape. `field` names the offending input when there is one. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const PLATFORMS = ['woocommerce', 'shopify', 'prestashop', 'magento'] as const;
export const PlatformSchema = z.enum(PLATFORMS);
export type Platform = z.infer<typeof PlatformSchema>;

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Plugin ids are chosen by the merchant's installation; kept printable and bounded. */
export const PluginIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" and "-" only');

export const UuidSchema = z.uuid();
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
/** Timestamps as the server returns them (ISO 8601, UTC). */
export const TimestampSchema = z.string();

export const ConfidenceSchema = z.number().min(0).max(100);

/** A JSON object value (patch bodies, payloads, context). */
export const JsonObjectSchema = z.record(z.string(), z.unknown());
export type JsonObject = z.infer<typeof JsonObjectSchema>;
/**
 * The same check for values that come out of `JSON.parse` (whose keys are always strings), without
 * copying the object as `z.record` does: for hot paths such as the console's change-feed reader.
 * It has no JSON Schema form, so request and response schemas of the API keep `JsonObjectSchema`.
 */
export const JsonObjectInPlaceSchema = z.custom<JsonObject>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'expected an object');

/** Keyset-paginated list responses: pass `next_cursor` back as `cursor` for the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

/** Query-string integers arrive as text. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
