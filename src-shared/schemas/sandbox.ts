import { z } from 'zod';
import { JsonObjectSchema, QueryInt, TimestampSchema, storableText } from './common.js';

/**
 * The payments sandbox: a small payments API (`/v1/payment_intents`) that fails the way the real
 * one does (expired keys, bad signatures, clock skew, unsupported currencies, missing fields, rate
 * limits, slowness), so the self-healing SDK has something real to heal against.
 *
 * Sandbox calls authenticate with a sandbox API key (`Authorization: Bearer <api_key>`), not with a
 * staff token, and POSTs carry an HMAC signature of their raw body.
 */

/** Currencies the sandbox accepts (ISO 4217). Codes are matched case-insensitively and stored upper-case. */
export const SANDBOX_CURRENCIES = [
  'XOF',
  'XAF',
  'EUR',
  'USD',
  'GBP',
  'NGN',
  'GHS',
  'KES',
  'MAD',
  'ZAR',
  'EGP',
  'TZS',
  'UGX',
  'RWF',
  'GNF',
  'CDF',
  'TND',
  'ETB',
  'ZMW',
  'CAD',
  'CHF',
] as const;
export const SandboxCurrencySchema = z.enum(SANDBOX_CURRENCIES);
export type SandboxCurrency = z.infer<typeof SandboxCurrencySchema>;

/** The header a POST carries: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret_key, "<t>.<raw body>")>`. */
export const SANDBOX_SIGNATURE_HEADER = 'Molam-Signature';
/** How far the signature's timestamp may be from the server clock, either way. */
export const SANDBOX_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Every error code the sandbox answers with, and its HTTP status. The SDK matches patches on these
 * codes; they are a contract, so a code is never renamed.
 */
export const SANDBOX_ERROR_STATUS = {
  /** No Authorization header, or a key the sandbox does not know. */
  invalid_api_key: 401,
  /** The key was rotated; the message contains "401 Unauthorized" and "API key". */
  api_key_expired: 401,
  /** Missing or malformed `Molam-Signature`, or an HMAC that does not match the raw body. */
  invalid_signature: 401,
  /** A genuine signature whose timestamp is over 300 s from the server clock; details carry the server time. */
  signature_timestamp_out_of_range: 401,
  /** `currency` is not in SANDBOX_CURRENCIES; field `currency`, details list the supported codes. */
  invalid_currency: 400,
  /** A required field (`amount`, `currency`) is absent; `field` names it. */
  missing_field: 400,
  /** The body has a field the API does not know; `field` names it. */
  unknown_field: 400,
  /** Malformed JSON, or a field of the wrong type or range; `field` names it. */
  invalid_request: 400,
  /** The payment intent does not exist, or belongs to another developer. */
  not_found: 404,
  /** The Idempotency-Key was used before with a different body. */
  idempotency_key_reused: 409,
  /** Over 1 MiB. */
  payload_too_large: 413,
  /** The key's token bucket is empty; the `Retry-After` header says when to try again. */
  rate_limited: 429,
  /** Injected outage (fault switch), or the server is shutting down. */
  sandbox_unavailable: 503,
} as const;
export type SandboxErrorCode = keyof typeof SANDBOX_ERROR_STATUS;

/** `details` of `signature_timestamp_out_of_range`: enough for the SDK to re-sign with the server's clock. */
export const SignatureTimestampDetailsSchema = z.object({
  server_time: z.number().int(),
  request_time: z.number().int(),
  tolerance_seconds: z.number().int(),
});
export type SignatureTimestampDetails = z.infer<typeof SignatureTimestampDetailsSchema>;

/** `details` of `rate_limited`. */
export const RateLimitDetailsSchema = z.object({
  retry_after_ms: z.number().int(),
  per_second: z.number(),
  burst: z.number().int(),
});

/** `details` of `invalid_currency`. */
export const InvalidCurrencyDetailsSchema = z.object({
  supported: z.array(z.string()),
  default: z.literal('XOF'),
});

/** Largest amount accepted, in minor units. */
export const MAX_SANDBOX_AMOUNT = 999_999_999_999;

/** Body of `POST /v1/payment_intents`. Unknown fields are refused (`unknown_field`). */
export const CreatePaymentIntentBodySchema = z.strictObject({
  /** In the currency's minor units (XOF has none: 5000 is 5,000 F CFA). */
  amount: z.number().int().positive().max(MAX_SANDBOX_AMOUNT),
  currency: z
    .string()
    .max(16)
    .meta({ description: `ISO 4217 code, case-insensitive: ${SANDBOX_CURRENCIES.join(', ')}` })
    .transform((code) => code.toUpperCase())
    .pipe(SandboxCurrencySchema),
  // The sandbox reads its raw body itself (the HMAC covers the bytes), so its text fields refuse
  // what PostgreSQL cannot store here rather than in the server's JSON parser.
  description: storableText(z.string().max(1000)).optional(),
  customer: z
    .strictObject({
      email: storableText(z.string().max(320)).optional(),
      name: storableText(z.string().max(200)).optional(),
      phone: storableText(z.string().max(40)).optional(),
    })
    .optional(),
  metadata: z
    .record(storableText(z.string().max(40)), storableText(z.string().max(500)))
    .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
    .optional(),
});
export type CreatePaymentIntentBody = z.infer<typeof CreatePaymentIntentBodySchema>;

export const PaymentIntentIdSchema = z.string().regex(/^pi_[A-Za-z0-9]{8,64}$/, 'a payment intent id (pi_…)');

/** A payment intent as the sandbox returns it. Sandbox intents succeed at once. */
export const PaymentIntentSchema = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  amount: z.number().int(),
  currency: SandboxCurrencySchema,
  status: z.enum(['succeeded']),
  description: z.string().nullable(),
  customer: JsonObjectSchema.nullable(),
  metadata: z.record(z.string(), z.string()),
  livemode: z.literal(false),
  created_at: TimestampSchema,
});
export type PaymentIntent = z.infer<typeof PaymentIntentSchema>;

/** A sandbox developer account: whoever holds its keys. */
export const DeveloperIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" and "-" only');

/** A sandbox key without its secret (lists). */
export const SandboxKeySchema = z.object({
  id: z.string(),
  developer_id: z.string(),
  api_key: z.string(),
  status: z.enum(['active', 'expired']),
  created_at: TimestampSchema,
  expired_at: TimestampSchema.nullable(),
});
export type SandboxKey = z.infer<typeof SandboxKeySchema>;

/**
 * A new key pair. The secret is a sandbox-only secret: it is kept in plain text (the server must
 * recompute HMACs with it) and is shown here, at creation, for the developer to configure.
 */
export const SandboxKeyCreatedSchema = SandboxKeySchema.extend({ secret_key: z.string() });
export type SandboxKeyCreated = z.infer<typeof SandboxKeyCreatedSchema>;

export const CreateSandboxKeyBodySchema = z.object({ developer_id: DeveloperIdSchema });

export const SandboxKeyListQuerySchema = z.object({
  developer_id: DeveloperIdSchema.optional(),
  limit: QueryInt(1, 500).default(100),
  cursor: z.string().max(300).optional(),
});

/** The per-key token bucket. */
export const SandboxRateLimitSchema = z.object({
  /** Tokens added per second. */
  per_second: z.number().min(0.01).max(100_000),
  /** Bucket size: how many requests may arrive at once. */
  burst: z.number().int().min(1).max(100_000),
});
export type SandboxRateLimit = z.infer<typeof SandboxRateLimitSchema>;

export const DEFAULT_SANDBOX_RATE_LIMIT: SandboxRateLimit = { per_second: 20, burst: 40 };

/**
 * The fault switch and sandbox settings. They live in the memory of each server process (a restart
 * clears them; several processes each have their own), which is what tests and demos need.
 */
export const SandboxFaultsSchema = z.object({
  /** Delay added to a sandbox call picked by `latency_rate`. */
  latency_ms: z.number().int().min(0).max(30_000),
  /** Share of calls delayed (0..1). */
  latency_rate: z.number().min(0).max(1),
  /** Share of calls answered 503 `sandbox_unavailable` (0..1). */
  error_rate: z.number().min(0).max(1),
  rate_limit: SandboxRateLimitSchema,
});
export type SandboxFaults = z.infer<typeof SandboxFaultsSchema>;

export const DEFAULT_SANDBOX_FAULTS: SandboxFaults = {
  latency_ms: 0,
  latency_rate: 1,
  error_rate: 0,
  rate_limit: DEFAULT_SANDBOX_RATE_LIMIT,
};

/**
 * `PUT /api/v1/sandbox/faults`: replaces the whole fault set; an omitted field takes its default,
 * so `{}` turns every fault off. `rotate_key` expires that API key now (an action, not a setting).
 */
export const PutSandboxFaultsBodySchema = z.strictObject({
  latency_ms: SandboxFaultsSchema.shape.latency_ms.optional(),
  latency_rate: SandboxFaultsSchema.shape.latency_rate.optional(),
  error_rate: SandboxFaultsSchema.shape.error_rate.optional(),
  rate_limit: SandboxRateLimitSchema.optional(),
  rotate_key: z.string().min(1).max(200).optional(),
});
export type PutSandboxFaultsBody = z.infer<typeof PutSandboxFaultsBodySchema>;

/** What a rotation did: the developer's keys still active, and a fallback key when none was left. */
export const SandboxRotationSchema = z.object({
  developer_id: z.string(),
  expired_api_key: z.string(),
  active_api_keys: z.array(z.string()),
  fallback_key: SandboxKeyCreatedSchema.nullable(),
});

export const PutSandboxFaultsResponseSchema = z.object({
  faults: SandboxFaultsSchema,
  rotation: SandboxRotationSchema.nullable(),
});
export type PutSandboxFaultsResponse = z.infer<typeof PutSandboxFaultsResponseSchema>;
