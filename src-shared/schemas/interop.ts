import { z } from 'zod';
import { NormalizedMoneySchema } from '../domain/money.js';
import { IsoDateTimeSchema, JsonObjectSchema, PlatformSchema, PluginIdSchema, QueryInt, TimestampSchema, UuidSchema, pageOf } from './common.js';

/** The standard events every platform's native events are normalized into. */
export const STANDARD_EVENTS = [
  'checkout.created',
  'checkout.completed',
  'payment.succeeded',
  'payment.failed',
  'refund.issued',
  'subscription.created',
  'subscription.renewed',
  'subscription.cancelled',
  'plugin.error',
] as const;
export const StandardEventSchema = z.enum(STANDARD_EVENTS);
export type StandardEvent = z.infer<typeof StandardEventSchema>;

/**
 * Standard events about an order and its money. Normalized, each carries `order_id` (a string),
 * `amount` (exact decimal text with the currency's decimals), `amount_minor` and `currency`;
 * an event that cannot is kept as `failed` with an error naming the field. Other standard events
 * (subscriptions) follow the same money rules when they carry an `amount`; `plugin.error` none.
 */
export const ORDER_EVENTS = ['checkout.created', 'checkout.completed', 'payment.succeeded', 'payment.failed', 'refund.issued'] as const satisfies readonly StandardEvent[];

/** The normalized payload of an order event (other fields the mapping writes are kept as they are). */
export const NormalizedOrderPayloadSchema = z.looseObject({ order_id: z.string().min(1), ...NormalizedMoneySchema.shape });
export type NormalizedOrderPayload = z.infer<typeof NormalizedOrderPayloadSchema>;

/** `processed`: normalized and dispatched; `unmapped`: no mapping yet (kept for retry); `received`: dispatch under way. */
export const INTEROP_EVENT_STATUSES = ['received', 'processed', 'unmapped', 'failed'] as const;
export const InteropEventStatusSchema = z.enum(INTEROP_EVENT_STATUSES);
export type InteropEventStatus = z.infer<typeof InteropEventStatusSchema>;

/** A platform's native event name ("woocommerce_checkout_order_processed", "orders/paid") or a standard one. */
export const EventNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/, 'letters, digits, "_", ".", ":", "/" and "-" only');

/** Deepest nesting of objects and arrays accepted in an event payload. */
export const MAX_PAYLOAD_DEPTH = 32;
// A NUL character or an unpaired UTF-16 surrogate cannot be stored in PostgreSQL's jsonb.
const UNSTORABLE_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Unstorable = { path: (string | number)[]; message: string };

// Recursion is bounded by MAX_PAYLOAD_DEPTH; the path is built only on the way out of a failure.
function unstorable(node: unknown, depth: number): Unstorable | undefined {
  if (typeof node === 'string') {
    return UNSTORABLE_TEXT.test(node) ? { path: [], message: 'text must not contain NUL characters or unpaired surrogates' } : undefined;
  }
  if (node === null || typeof node !== 'object') return undefined;
  if (depth >= MAX_PAYLOAD_DEPTH) return { path: [], message: `nested deeper than ${MAX_PAYLOAD_DEPTH} levels` };
  if (Array.isArray(node)) {
    for (let index = 0; index < node.length; index++) {
      const problem = unstorable(node[index], depth + 1);
      if (problem) {
        problem.path.unshift(index);
        return problem;
      }
    }
    return undefined;
  }
  for (const key of Object.keys(node)) {
    if (UNSTORABLE_TEXT.test(key)) return { path: [key], message: 'keys must not contain NUL characters or unpaired surrogates' };
    const problem = unstorable((node as Record<string, unknown>)[key], depth + 1);
    if (problem) {
      problem.path.unshift(key);
      return problem;
    }
  }
  return undefined;
}

/** First reason `value` cannot be stored as jsonb, with the path to the culprit; undefined when it can. */
export function findUnstorableJson(value: unknown): Unstorable | undefined {
  return unstorable(value, 0);
}

/** An event payload: a JSON object that PostgreSQL can store as jsonb. */
export const InteropPayloadSchema = JsonObjectSchema.superRefine((payload, check) => {
  const problem = findUnstorableJson(payload);
  if (problem) check.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

/** An ISO 8601 time with offset, in years PostgreSQL and JavaScript both represent. */
export const EventTimeSchema = IsoDateTimeSchema.refine((text) => {
  const year = new Date(text).getUTCFullYear();
  return year >= 1970 && year <= 9999;
}, 'a time between the years 1970 and 9999');

/** `POST /interop/event`: a plugin reports an event in its platform's native shape. */
export const InteropEventBodySchema = z.object({
  plugin_id: PluginIdSchema,
  /** The platform's native event name, or a standard event name sent as is. */
  event_type: EventNameSchema,
  payload: InteropPayloadSchema,
  occurred_at: EventTimeSchema.optional(),
  /** The platform's own id for this event: a repeat with the same id returns the first stored event. */
  event_id: z
    .union([z.string().min(1).max(200).regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces'), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)])
    .transform(String)
    .optional(),
});
export type InteropEventBody = z.infer<typeof InteropEventBodySchema>;

/** The answer to `POST /interop/event` (202): the event is stored. */
export const InteropEventAckSchema = z.object({
  id: UuidSchema,
  status: InteropEventStatusSchema,
  normalized_event: z.string().nullable(),
  /**
   * The payload in the standard schema (null while unmapped). Integers beyond ±2^53 in it are
   * strings of their digits, so every client reads them exactly.
   */
  normalized_payload: JsonObjectSchema.nullable(),
  /** True when this `event_id` was already stored: the answer describes the first event. */
  duplicate: z.boolean(),
  /** Healing proposals a `plugin.error` created. */
  proposals: z.array(UuidSchema).optional(),
  /**
   * Why the event is `failed`: its normalized payload broke the money rules (the error names the
   * field, e.g. `currency (read from "currency"): missing ...`), or its dispatch failed.
   * `POST /interop/retry` processes it again (after a mapping fix, say).
   */
  error: z.string().optional(),
});
export type InteropEventAck = z.infer<typeof InteropEventAckSchema>;

/**
 * One row of `plugin_interop_events`: the payload as received and as normalized, side by side.
 * `raw_payload` is stored from the request's text (jsonb keeps every digit of every number) and
 * served as PostgreSQL writes it, so an id beyond 2^53 comes back exact to a lossless reader.
 */
export const InteropEventSchema = z.object({
  id: UuidSchema,
  plugin_id: z.string(),
  platform: PlatformSchema,
  source_event: z.string(),
  normalized_event: z.string().nullable(),
  mapping_id: UuidSchema.nullable(),
  raw_payload: JsonObjectSchema,
  normalized_payload: JsonObjectSchema.nullable(),
  status: InteropEventStatusSchema,
  error: z.string().nullable(),
  attempts: z.number().int(),
  external_id: z.string().nullable(),
  occurred_at: TimestampSchema.nullable(),
  received_at: TimestampSchema,
  processed_at: TimestampSchema.nullable(),
});
export type InteropEvent = z.infer<typeof InteropEventSchema>;

/** `GET /interop/events`: newest first; `since`/`until` bound `received_at`. */
export const InteropEventListQuerySchema = z.object({
  platform: PlatformSchema.optional(),
  status: InteropEventStatusSchema.optional(),
  normalized_event: EventNameSchema.optional(),
  source_event: EventNameSchema.optional(),
  plugin_id: PluginIdSchema.optional(),
  since: EventTimeSchema.optional(),
  until: EventTimeSchema.optional(),
  limit: QueryInt(1, 200).default(50),
  cursor: z.string().max(200).optional(),
});
export const InteropEventPageSchema = pageOf(InteropEventSchema);

/** `GET /interop/events/:id`. */
export const InteropEventParamsSchema = z.object({ id: UuidSchema });

export const InteropStatsQuerySchema = z.object({ days: QueryInt(1, 365).default(30) });

const CountsSchema = z.record(z.string(), z.number().int());
/** `GET /interop/stats`: events received in the last `days` days. */
export const InteropStatsSchema = z.object({
  days: z.number().int(),
  total: z.number().int(),
  processed: z.number().int(),
  unmapped: z.number().int(),
  failed: z.number().int(),
  received: z.number().int(),
  /** Percentage of events that failed dispatch; null when there were none. */
  failure_rate: z.number().nullable(),
  by_status: CountsSchema,
  by_platform: CountsSchema,
  by_normalized_event: CountsSchema,
  /** The most frequent native events that have no mapping: the mappings worth writing next. */
  top_unmapped: z.array(z.object({ platform: z.string(), source_event: z.string(), count: z.number().int() })),
});
export type InteropStats = z.infer<typeof InteropStatsSchema>;

/**
 * `POST /interop/retry`: processes again `failed` events, `unmapped` ones that now have a mapping,
 * and `received` ones whose dispatch was interrupted over a minute ago. Without `event_ids`, the
 * oldest `limit` such events.
 */
export const InteropRetryBodySchema = z
  .object({
    event_ids: z.array(UuidSchema).min(1).max(500).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .prefault({});
export const InteropRetryResultSchema = z.object({
  retried: z.number().int(),
  processed: z.number().int(),
  still_failed: z.number().int(),
  still_unmapped: z.number().int(),
});
export type InteropRetryResult = z.infer<typeof InteropRetryResultSchema>;

// Mappings -------------------------------------------------------------------------------------

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_]{0,63}';
const PATH = `(?:${IDENTIFIER}|\\d{1,6})(?:\\.(?:${IDENTIFIER}|\\d{1,6})){0,15}`;
/**
 * A source path reads the native payload: identifiers, or array indexes ("line_items.0.sku"). Up to
 * 8 alternatives separated by "|" ("id|id_order"): the first one present (and not null) is copied.
 */
const SOURCE_PATH = new RegExp(`^${PATH}(?:\\|${PATH}){0,7}$`);
/** A target path builds the standard payload out of objects: identifiers only ("customer.email"). */
const TARGET_PATH = new RegExp(`^${IDENTIFIER}(?:\\.${IDENTIFIER}){0,15}$`);
export const MAX_FIELD_MAPPING_ENTRIES = 100;

/**
 * A field mapping: each key is a dotted path in the native payload, its value the dotted path it is
 * copied to in the normalized payload (`{"billing.email": "customer.email"}`). A key may list
 * alternatives, first match wins (`{"id|id_order": "order_id"}`). Two entries may not write the
 * same target, nor one target inside another, since the result would depend on order. Order
 * events need `order_id`, `amount` and `currency` targets (see ORDER_EVENTS).
 */
export const FieldMappingSchema = z.record(z.string(), z.string()).superRefine((mapping, check) => {
  const entries = Object.entries(mapping);
  if (entries.length === 0) check.addIssue({ code: 'custom', message: 'needs at least one source → target entry' });
  if (entries.length > MAX_FIELD_MAPPING_ENTRIES) {
    check.addIssue({ code: 'custom', message: `at most ${MAX_FIELD_MAPPING_ENTRIES} entries (got ${entries.length})` });
    return;
  }
  const targets = new Map<string, string>();
  for (const [source, target] of entries) {
    if (!SOURCE_PATH.test(source)) {
      check.addIssue({
        code: 'custom',
        path: [source],
        message: 'source path must be dot-separated identifiers or array indexes, e.g. "billing.email" or "line_items.0.sku" (at most 16 segments), or up to 8 such paths separated by "|"',
      });
    } else if (!TARGET_PATH.test(target)) {
      check.addIssue({ code: 'custom', path: [source], message: `target path "${target.slice(0, 100)}" must be dot-separated identifiers, e.g. "customer.email" (at most 16 segments)` });
    } else if (targets.has(target)) {
      check.addIssue({ code: 'custom', path: [source], message: `target "${target}" is already written by source "${targets.get(target)}"` });
    } else {
      targets.set(target, source);
    }
  }
  for (const [target, source] of targets) {
    const segments = target.split('.');
    for (let length = 1; length < segments.length; length++) {
      const prefix = segments.slice(0, length).join('.');
      const other = targets.get(prefix);
      if (other !== undefined) {
        check.addIssue({ code: 'custom', path: [source], message: `target "${target}" lies inside target "${prefix}", written by source "${other}"` });
      }
    }
  }
});
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

/** One row of `interop_event_mappings`. */
export const InteropMappingSchema = z.object({
  id: UuidSchema,
  platform: PlatformSchema,
  source_event: z.string(),
  normalized_event: z.string(),
  field_mapping: z.record(z.string(), z.string()),
  active: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int(),
});
export type InteropMapping = z.infer<typeof InteropMappingSchema>;

export const InteropMappingListQuerySchema = z.object({
  platform: PlatformSchema.optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const InteropMappingListSchema = z.object({ items: z.array(InteropMappingSchema) });

/** `POST /interop/mappings`: creates or replaces the mapping of (platform, source_event). */
export const UpsertInteropMappingBodySchema = z.object({
  platform: PlatformSchema,
  source_event: EventNameSchema,
  normalized_event: StandardEventSchema,
  field_mapping: FieldMappingSchema,
  active: z.boolean().default(true),
});
export type UpsertInteropMappingBody = z.infer<typeof UpsertInteropMappingBodySchema>;
