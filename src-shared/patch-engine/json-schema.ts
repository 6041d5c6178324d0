import { z } from 'zod';
import {
  DefaultFieldActionSchema,
  IncreaseTimeoutActionSchema,
  inverseOf,
  PATCH_ACTION_TYPES,
  RespectRetryAfterActionSchema,
  ResignRequestActionSchema,
  RetryWithBackoffActionSchema,
  SetCurrencyActionSchema,
  SetOptionActionSchema,
  UseFallbackCredentialActionSchema,
  type PatchAction,
  type PatchActionType,
} from '../patch-format.js';
import { DraftSchema } from './draft.js';

/**
 * The draft document's JSON Schema and the actions' documentation, both generated from the zod
 * patch format (one source of truth): the patch editor drives completion, validation marks and hover
 * from `patchJsonSchema` (codemirror-json-schema), and words each action from its catalogs with
 * `ACTION_DOCS` (what it does, its parameters with their bounds, what its inverse restores).
 */

/** A JSON Schema (draft-07) object. */
export type JsonSchema = Record<string, unknown>;

/** One parameter of an action, with the bounds the schema enforces. */
export interface ActionParamDoc {
  name: string;
  /** `json` for any JSON value. */
  type: 'integer' | 'number' | 'string' | 'json';
  required: boolean;
  description: string | null;
  minimum?: number;
  /** The value must be greater than this. */
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** Largest JSON text of the value (`json` parameters). */
  maxJsonLength?: number;
  default?: unknown;
}

export interface ActionDoc {
  type: PatchActionType;
  /** What the action does (English). */
  description: string;
  params: ActionParamDoc[];
  /** What its inverse restores (`inverseOf(action).restores`, with `<key>` / `<field>` for the action's own). */
  restores: string;
  /** The inverse as a sentence (English). */
  inverse: string;
}

const ACTION_SCHEMAS: Record<PatchActionType, z.ZodType> = {
  set_option: SetOptionActionSchema,
  increase_timeout: IncreaseTimeoutActionSchema,
  retry_with_backoff: RetryWithBackoffActionSchema,
  use_fallback_credential: UseFallbackCredentialActionSchema,
  default_field: DefaultFieldActionSchema,
  set_currency: SetCurrencyActionSchema,
  resign_request: ResignRequestActionSchema,
  respect_retry_after: RespectRetryAfterActionSchema,
};

/** The JSON Schema of a zod schema as the editor reads it (draft-07, input side: defaults are optional). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function docOf(type: PatchActionType): ActionDoc {
  const schema = jsonSchemaOf(ACTION_SCHEMAS[type]);
  const properties = schema.properties as Record<string, JsonSchema>;
  const required = new Set(schema.required as string[]);
  const params = Object.entries(properties)
    .filter(([name]) => name !== 'type')
    .map(([name, property]): ActionParamDoc => {
      const param: ActionParamDoc = {
        name,
        type: property.type === 'integer' || property.type === 'number' || property.type === 'string' ? property.type : 'json',
        required: required.has(name),
        description: typeof property.description === 'string' ? property.description : null,
      };
      for (const bound of ['minimum', 'exclusiveMinimum', 'maximum', 'minLength', 'maxLength'] as const) {
        if (typeof property[bound] === 'number') param[bound] = property[bound];
      }
      if (typeof property.pattern === 'string') param.pattern = property.pattern;
      if (typeof property['x-max-json-length'] === 'number') param.maxJsonLength = property['x-max-json-length'];
      if ('default' in property) param.default = property.default;
      return param;
    });
  // inverseOf reads only the action's own key or field: placeholders name them.
  const inverse = inverseOf({ type, key: '<key>', field: '<field>' } as PatchAction);
  return { type, description: String(schema.description ?? type), params, restores: inverse.restores, inverse: inverse.summary };
}

/** Per action type: what it does, its parameters with their bounds, what its inverse restores. */
export const ACTION_DOCS: Readonly<Record<PatchActionType, ActionDoc>> = Object.fromEntries(
  PATCH_ACTION_TYPES.map((type) => [type, docOf(type)]),
) as Record<PatchActionType, ActionDoc>;

function boundsOf(param: ActionParamDoc): string {
  const parts: string[] = [];
  if (param.exclusiveMinimum !== undefined) parts.push(`> ${param.exclusiveMinimum}`);
  if (param.minimum !== undefined) parts.push(`≥ ${param.minimum}`);
  if (param.maximum !== undefined) parts.push(`≤ ${param.maximum}`);
  if (param.maxLength !== undefined) parts.push(`at most ${param.maxLength} characters`);
  if (param.maxJsonLength !== undefined) parts.push(`at most ${param.maxJsonLength} characters of JSON`);
  if (param.default !== undefined) parts.push(`default ${JSON.stringify(param.default)}`);
  return `${param.name}${param.required ? '' : ' (optional)'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

/** The hover text of an action: what it does, its bounds, its inverse. */
export function actionHoverText(doc: ActionDoc): string {
  const bounds = doc.params.map((param) => `- ${boundsOf(param)}`);
  return [doc.description, ...(bounds.length > 0 ? ['', 'Parameters:', ...bounds] : []), '', `Inverse: ${doc.inverse} (restores ${doc.restores}).`].join('\n');
}

/** Hover text of the draft's own fields (a field added to the draft schema must be described here). */
const DRAFT_FIELD_DESCRIPTIONS: Record<keyof typeof DraftSchema.shape, string> = {
  sdk_language: 'The SDK language the patch is for.',
  error_signature: 'A short name of the error; without a status, error code or pattern, it must appear in the message.',
  description: 'What the patch does and why, for reviewers and the registry.',
  severity: 'How serious the error is.',
  match: 'Which failures the patch applies to: every criterion given must hold, and the most specific patch is served.',
  actions: `What the SDK does, in order (at most 20); each action has an inverse the SDK applies to roll back.`,
};

/** The draft's JSON Schema, its fields and each action branch described for hover. */
function buildPatchJsonSchema(): JsonSchema {
  const schema = jsonSchemaOf(DraftSchema);
  const fields = schema.properties as Record<string, JsonSchema>;
  for (const [name, description] of Object.entries(DRAFT_FIELD_DESCRIPTIONS)) fields[name]!.description = description;
  const actions = (schema.properties as Record<string, JsonSchema>).actions!;
  const items = actions.items as JsonSchema;
  const branches = (items.oneOf ?? items.anyOf) as JsonSchema[];
  for (const branch of branches) {
    const type = ((branch.properties as Record<string, JsonSchema>).type!.const ?? '') as PatchActionType;
    const doc = ACTION_DOCS[type];
    branch.title = type;
    branch.description = actionHoverText(doc);
    (branch.properties as Record<string, JsonSchema>).type!.description = doc.description;
  }
  items.description = `One step of the patch, from a closed set: ${PATCH_ACTION_TYPES.join(', ')}.`;
  return schema;
}

/** The JSON Schema (draft-07) of the draft document, for the patch editor. */
export const patchJsonSchema: JsonSchema = buildPatchJsonSchema();
