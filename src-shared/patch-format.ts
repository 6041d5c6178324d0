import { z } from 'zod';

/**
 * The SDK patch format: a patch is data, not code. It says which failures it applies to (`match`)
 * and what the SDK does about them (`actions`, from a closed set). Every action has a defined
 * inverse, so an SDK can undo a patch without any code from the server.
 *
 * This module is shared by the server (validation, signing), the console (the patch editor) and the
 * SDK (verification), so it imports zod only.
 */

/** SDK languages the registry serves patches for. */
export const SDK_LANGUAGES = ['node', 'python', 'php', 'ruby', 'go', 'java', 'dotnet'] as const;
export const SdkLanguageSchema = z.enum(SDK_LANGUAGES);
export type SdkLanguage = z.infer<typeof SdkLanguageSchema>;

/** Longest message pattern accepted (RE2 syntax). */
export const MAX_MESSAGE_PATTERN_LENGTH = 200;
/** Only this many characters of an error message are matched against patterns. */
export const MATCHED_MESSAGE_PREFIX = 4096;
/** Largest serialized size of one action value (set_option, default_field). */
export const MAX_VALUE_BYTES = 4096;

/** Any JSON value an action carries, bounded in size. */
const ActionValueSchema = z
  .unknown()
  .refine((value) => value !== undefined, 'value is required')
  .refine((value) => {
    const json = JSON.stringify(value);
    return json !== undefined && json.length <= MAX_VALUE_BYTES;
  }, `value must be JSON of at most ${MAX_VALUE_BYTES} characters`)
  .meta({ description: `Any JSON value, at most ${MAX_VALUE_BYTES} characters once serialized.`, 'x-max-json-length': MAX_VALUE_BYTES });

/** Which failures a patch applies to. Every criterion given must hold. */
export const PatchMatchSchema = z.strictObject({
  /** HTTP status of the failed call. */
  status: z.number().int().min(100).max(599).optional().meta({ description: 'HTTP status of the failed call.' }),
  /** Machine error code returned by the API (e.g. `invalid_currency`). */
  error_code: z.string().min(1).max(100).optional().meta({ description: 'Machine error code returned by the API (e.g. invalid_currency).' }),
  /** RE2 pattern searched in the first 4 KiB of the error message; the server refuses unsafe ones. */
  message_pattern: z
    .string()
    .min(1)
    .max(MAX_MESSAGE_PATTERN_LENGTH)
    .optional()
    .meta({ description: 'RE2 pattern searched in the first 4 KiB of the error message; patterns that could backtrack are refused.' }),
  sdk_language: SdkLanguageSchema,
  /** A semver range of SDK versions (e.g. `>=2.0.0 <3`); the server checks its syntax. */
  sdk_version_range: z.string().min(1).max(100).optional().meta({ description: 'A semver range of SDK versions (e.g. >=2.0.0 <3).' }),
});
export type PatchMatch = z.infer<typeof PatchMatchSchema>;

const OptionKeySchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-", starting with a letter or "_"');

/** A field path in the request body, dotted (`customer.email`). */
const FieldPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'a dotted path of identifiers, e.g. customer.email');

const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code of three capital letters');

/**
 * A credential is named, never sent: the SDK looks the name up in its own configuration.
 * Values shaped like keys are refused so a secret cannot be published by mistake.
 */
const CredentialRefSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]*$/, 'a reference name: letters, digits, "_", ".", ":" and "-"')
  .refine((ref) => !/^(sk|pk|rk|mk|whsec|mhc)_/i.test(ref) && !/[A-Za-z0-9]{32,}/.test(ref), {
    message: 'looks like a secret; give the name of a credential the SDK is configured with',
  });

export const SetOptionActionSchema = z
  .strictObject({
    type: z.literal('set_option'),
    key: OptionKeySchema.meta({ description: 'The SDK client option to set.' }),
    value: ActionValueSchema,
  })
  .meta({ description: 'Sets one option of the SDK client for this call.' });
export const IncreaseTimeoutActionSchema = z
  .strictObject({
    type: z.literal('increase_timeout'),
    /** Multiplier applied to the current timeout. */
    factor: z.number().gt(1).max(10).meta({ description: 'Multiplier applied to the current timeout.' }),
    /** The timeout never grows past this. */
    max_ms: z.number().int().min(1).max(300_000).meta({ description: 'The timeout never grows past this (milliseconds).' }),
  })
  .meta({ description: 'Multiplies the call timeout, up to a ceiling.' });
export const RetryWithBackoffActionSchema = z
  .strictObject({
    type: z.literal('retry_with_backoff'),
    max_attempts: z.number().int().min(1).max(10).meta({ description: 'Attempts in all, the first included.' }),
    base_ms: z.number().int().min(1).max(60_000).meta({ description: 'Wait before the first retry (milliseconds), doubled each time.' }),
    max_ms: z.number().int().min(1).max(300_000).meta({ description: 'Longest wait between two attempts (milliseconds), at least base_ms.' }),
  })
  .refine((a) => a.max_ms >= a.base_ms, { message: 'max_ms must be at least base_ms', path: ['max_ms'] })
  .meta({ description: 'Retries the call with exponential backoff.' });
export const UseFallbackCredentialActionSchema = z
  .strictObject({
    type: z.literal('use_fallback_credential'),
    credential_ref: CredentialRefSchema.meta({ description: 'The name of a credential the SDK is configured with (never a key).' }),
  })
  .meta({ description: 'Signs the call with another credential the SDK is configured with.' });
export const DefaultFieldActionSchema = z
  .strictObject({
    type: z.literal('default_field'),
    field: FieldPathSchema.meta({ description: 'A dotted path in the request body, e.g. customer.email.' }),
    value: ActionValueSchema,
  })
  .meta({ description: 'Gives a request body field a value when it is absent.' });
export const SetCurrencyActionSchema = z
  .strictObject({
    type: z.literal('set_currency'),
    /** Only replace this currency; any unsupported one when absent. */
    from: CurrencySchema.optional().meta({ description: 'Only replace this currency; any when absent.' }),
    to: CurrencySchema.default('XOF').meta({ description: 'The currency to use instead (ISO 4217).' }),
  })
  .meta({ description: "Replaces the request's currency." });
export const ResignRequestActionSchema = z
  .strictObject({
    type: z.literal('resign_request'),
    /** Accept this much difference between the SDK's clock and the server time before re-signing. */
    clock_skew_tolerance_s: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .optional()
      .meta({ description: "Difference accepted between the SDK's clock and the server time (seconds)." }),
  })
  .meta({ description: 'Signs the request again with a fresh timestamp.' });
export const RespectRetryAfterActionSchema = z
  .strictObject({
    type: z.literal('respect_retry_after'),
    /** Never wait longer than this, whatever Retry-After says. */
    max_wait_ms: z
      .number()
      .int()
      .min(1)
      .max(300_000)
      .optional()
      .meta({ description: 'Never wait longer than this, whatever Retry-After says (milliseconds).' }),
  })
  .meta({ description: "Waits as long as the API's Retry-After header asks before retrying." });

/** One step of a patch. The set is closed: an unknown `type` is refused. */
export const PatchActionSchema = z.discriminatedUnion('type', [
  SetOptionActionSchema,
  IncreaseTimeoutActionSchema,
  RetryWithBackoffActionSchema,
  UseFallbackCredentialActionSchema,
  DefaultFieldActionSchema,
  SetCurrencyActionSchema,
  ResignRequestActionSchema,
  RespectRetryAfterActionSchema,
]);
export type PatchAction = z.infer<typeof PatchActionSchema>;
export type PatchActionType = PatchAction['type'];
export const PATCH_ACTION_TYPES = [
  'set_option',
  'increase_timeout',
  'retry_with_backoff',
  'use_fallback_credential',
  'default_field',
  'set_currency',
  'resign_request',
  'respect_retry_after',
] as const satisfies readonly PatchActionType[];

export const PatchActionsSchema = z.array(PatchActionSchema).max(20);

/** A declarative patch: a match and at least one action. */
export const PatchSchema = z.strictObject({
  match: PatchMatchSchema,
  actions: PatchActionsSchema.min(1),
});
export type Patch = z.infer<typeof PatchSchema>;

/** What an SDK restores when it rolls an action back. */
export interface ActionInverse {
  /** The piece of SDK state the action changes; the SDK saves it before applying. */
  restores: string;
  /** A sentence for logs and the console. */
  summary: string;
}

/** The inverse of an action: which state the SDK saves before applying it, and how it undoes it. */
export function inverseOf(action: PatchAction): ActionInverse {
  switch (action.type) {
    case 'set_option':
      return { restores: `option:${action.key}`, summary: `restore option "${action.key}" to its value before the patch` };
    case 'increase_timeout':
      return { restores: 'option:timeout', summary: 'restore the timeout to its value before the patch' };
    case 'retry_with_backoff':
      return { restores: 'option:retry', summary: 'restore the retry policy to its value before the patch' };
    case 'use_fallback_credential':
      return { restores: 'credential', summary: 'switch back to the credential in use before the patch' };
    case 'default_field':
      return { restores: `field:${action.field}`, summary: `remove "${action.field}" if the patch added it` };
    case 'set_currency':
      return { restores: 'field:currency', summary: 'restore the currency the request had before the patch' };
    case 'resign_request':
      return { restores: 'request:signature', summary: 'restore the request headers as they were signed originally' };
    case 'respect_retry_after':
      return { restores: 'option:retry_after', summary: 'stop waiting for Retry-After and restore the retry policy' };
  }
}

/**
 * JSON with object keys sorted at every depth and no whitespace: the same value always gives the
 * same text, whatever order its keys were written in. Used for content hashes and signatures.
 * Follows JSON.stringify for everything else (undefined properties dropped, non-finite numbers null).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON(): unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const entries = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const item = (value as Record<string, unknown>)[key];
      return item === undefined || typeof item === 'function' ? [] : [`${JSON.stringify(key)}:${canonicalJson(item)}`];
    });
  return `{${entries.join(',')}}`;
}

/** The fields of a patch version that its signature and content hash cover. */
export interface SignedPatchContent {
  patch_id: string;
  version: number;
  sdk_language: string;
  error_signature: string;
  match: unknown;
  actions: unknown;
  patch_code?: string | null;
  rollback_code?: string | null;
  /**
   * When the signature stops vouching for this version (ISO-8601 UTC, e.g. `2026-12-18T10:00:00.000Z`).
   * Signed, so a stale copy cannot be served forever (a freeze attack): the registry re-signs the
   * versions it serves before they expire, and an SDK refuses an expired one.
   */
  expires_at: string;
}

/**
 * The exact text a patch version's Ed25519 signature and SHA-256 content hash are computed over.
 * An SDK rebuilds it from the served patch and verifies the signature against a pinned key.
 */
export function signedPayloadOf(content: SignedPatchContent): string {
  return canonicalJson({
    patch_id: content.patch_id,
    version: content.version,
    sdk_language: content.sdk_language,
    error_signature: content.error_signature,
    match: content.match,
    actions: content.actions,
    patch_code: content.patch_code ?? null,
    rollback_code: content.rollback_code ?? null,
    expires_at: content.expires_at,
  });
}
