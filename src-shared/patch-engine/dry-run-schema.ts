import { z } from 'zod';
import { SdkLanguageSchema } from '../patch-format.js';

/**
 * The shapes of a dry run: a failed SDK call (what a self-heal lookup describes) and the call's state
 * that patch actions change. The matcher and the interpreter (this folder) work on these; the server's
 * lookup, the console's dry run and the SDK share them.
 */

/** A failed SDK call, as `POST /api/dev/self-heal` describes it. */
export const FailureInputSchema = z.strictObject({
  sdk_language: SdkLanguageSchema,
  sdk_version: z.string().min(1).max(100).optional(),
  status: z.number().int().min(100).max(599).optional(),
  error_code: z.string().min(1).max(100).optional(),
  message: z.string().max(16 * 1024),
});
export type FailureInput = z.infer<typeof FailureInputSchema>;

/** A JSON object (the request body and the SDK's options). */
const JsonRecord = z.record(z.string(), z.unknown());

/**
 * The state of one SDK call that actions read and change, in memory: the request, the client's options
 * (timeout, retry policy, any option a patch sets), which credential signs it (a reference name, never
 * a secret) and the signature's timestamp.
 */
export const CallStateSchema = z.strictObject({
  request: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    path: z.string().min(1).max(2000),
    headers: z.record(z.string(), z.string()),
    body: JsonRecord,
  }),
  options: JsonRecord,
  credential: z.string().min(1).max(64),
});
export type CallState = z.infer<typeof CallStateSchema>;

/** One patch the dry run considered, in the order the lookup ranks them (best first). */
export const DryRunMatchSchema = z.object({
  /** The registry's patch id, or null for the draft being written. */
  patch_id: z.string().nullable(),
  version: z.number().int().nullable(),
  error_signature: z.string(),
  description: z.string(),
  /** The lookup's score (higher is more specific). */
  score: z.number(),
  /** 1 for the patch the lookup serves. */
  rank: z.number().int(),
});
export type DryRunMatch = z.infer<typeof DryRunMatchSchema>;

/** One action as the interpreter applied it. */
export const DryRunStepSchema = z.object({
  type: z.string(),
  /** What the action did to this call (English; the console words it by `type`). */
  summary: z.string(),
  /** What its inverse restores (`inverseOf(action).restores`). */
  restores: z.string(),
  /** Set when the action could not apply to this call (the SDK would undo the patch). */
  error: z.string().nullable(),
});
export type DryRunStep = z.infer<typeof DryRunStepSchema>;

export const DryRunResultSchema = z.object({
  /** Every patch whose match holds, best first; the first is the one served. */
  matches: z.array(DryRunMatchSchema),
  /** The state before, after the served patch's actions, and after undoing them. Null when nothing matched. */
  outcome: z
    .object({
      patch_id: z.string().nullable(),
      version: z.number().int().nullable(),
      before: CallStateSchema,
      after: CallStateSchema,
      restored: CallStateSchema,
      /** Whether undoing gave back exactly the state before. */
      restored_equals_before: z.boolean(),
      steps: z.array(DryRunStepSchema),
    })
    .nullable(),
});
export type DryRunResult = z.infer<typeof DryRunResultSchema>;
