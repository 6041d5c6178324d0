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
// PostgreSQL's text and jsonb refuse a NUL character; an unpaired UTF-16 surrogate is not Unicode.
const UNSTORABLE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The same string schema, refusing text PostgreSQL cannot store (NUL) or that is not Unicode (a lone
 * surrogate). For inputs that do not pass the server's JSON parser, which refuses both already.
 */
export function storableText<S extends z.ZodString>(schema: S): S {
  return schema.refine((text) => !UNSTORABLE_TEXT.test(text), 'must not contain NUL characters (\\u0000) or unpaired UTF-16 surrogates');
}

/** Earliest and latest instants a time input may name (UTC): see `IsoDateTimeSchema`. */
export const MIN_DATE_TIME = '1970-01-01T00:00:00.000Z';
export const MAX_DATE_TIME = '9999-12-31T23:59:59.999Z';
const MIN_DATE_TIME_MS = Date.parse(MIN_DATE_TIME);
const MAX_DATE_TIME_MS = Date.parse(MAX_DATE_TIME);

/**
 * A time a client sends (ISO 8601 with an offset), between 1970 and 9999 in UTC once its offset is
 * applied. PostgreSQL refuses year 0000, and years past 9999 (or an offset that carries 9999-12-31
 * into 10000) lose their four-digit ISO form in JavaScript; nothing this backend records predates
 * 1970, so a filter that wants "from the beginning" leaves the bound out.
 */
export const IsoDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine(
    (text) => {
      const ms = Date.parse(text);
      return ms >= MIN_DATE_TIME_MS && ms <= MAX_DATE_TIME_MS;
    },
    // Only once the text is a well-formed time: one message per bad input.
    { message: `a time from ${MIN_DATE_TIME} to ${MAX_DATE_TIME} (UTC)`, when: (payload) => payload.issues.length === 0 },
  )
  .describe(`ISO 8601 with an offset, from ${MIN_DATE_TIME} to ${MAX_DATE_TIME} (UTC)`);
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

/** The largest value of a PostgreSQL `integer` column: a bound for every integer a client sends that is stored as one. */
export const PG_INTEGER_MAX = 2_147_483_647;
/** A patch version number as a client sends it (stored as a PostgreSQL `integer`). */
export const VersionNumberSchema = z.number().int().min(1).max(PG_INTEGER_MAX);

/** Query-string integers arrive as text. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
