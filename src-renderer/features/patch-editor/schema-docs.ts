import type { IntlShape } from '@formatjs/intl';
import type { JSONSchema7, JSONSchema7Definition } from 'json-schema';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { PATCH_ACTION_TYPES, type PatchActionType } from '../../../src-shared/patch-format.js';
import { ACTION_DOCS, patchJsonSchema } from './engine.js';

type Words = Pick<IntlShape, 'formatMessage' | 'formatList' | 'formatNumber'>;

const isSchema = (definition: JSONSchema7Definition | undefined): definition is JSONSchema7 => typeof definition === 'object' && definition !== null;

/** Whether a step or schema branch names one of the closed set of actions. */
export const isActionType = (value: unknown): value is PatchActionType => (PATCH_ACTION_TYPES as readonly unknown[]).includes(value);

/** The limits a value's schema sets (numbers, lengths, pattern), in words; empty when it sets none. */
export function boundsText(words: Words, schema: JSONSchema7): string {
  const parts: string[] = [];
  const number = (value: number) => words.formatNumber(value);
  const exclusiveMinimum = schema.exclusiveMinimum as number | boolean | undefined;
  if (typeof exclusiveMinimum === 'number') parts.push(words.formatMessage({ id: 'patchEditor.bounds.above' }, { value: number(exclusiveMinimum) }));
  else if (typeof schema.minimum === 'number') parts.push(words.formatMessage({ id: exclusiveMinimum === true ? 'patchEditor.bounds.above' : 'patchEditor.bounds.min' }, { value: number(schema.minimum) }));
  if (typeof schema.maximum === 'number') parts.push(words.formatMessage({ id: 'patchEditor.bounds.max' }, { value: number(schema.maximum) }));
  if (typeof schema.maxLength === 'number') parts.push(words.formatMessage({ id: 'patchEditor.bounds.length' }, { min: schema.minLength ?? 0, max: schema.maxLength }));
  const maxJsonLength = (schema as { 'x-max-json-length'?: unknown })['x-max-json-length'];
  if (typeof maxJsonLength === 'number') parts.push(words.formatMessage({ id: 'patchEditor.bounds.json' }, { max: number(maxJsonLength) }));
  if (typeof schema.maxItems === 'number') parts.push(words.formatMessage({ id: 'patchEditor.bounds.items' }, { min: schema.minItems ?? 0, max: schema.maxItems }));
  if (typeof schema.pattern === 'string') parts.push(words.formatMessage({ id: 'patchEditor.bounds.pattern' }, { pattern: schema.pattern }));
  return parts.length === 0 ? '' : words.formatMessage({ id: 'patchEditor.bounds' }, { list: words.formatList(parts, { type: 'conjunction' }) });
}

const joinLines = (...lines: string[]) => lines.filter(Boolean).join('\n');

/** One action in words: what it does and what undoing it restores (with the state's name, `ACTION_DOCS`). */
export function actionDoc(words: Words, type: PatchActionType): string {
  return joinLines(
    words.formatMessage({ id: `patchEditor.actionDoc.${type}.does` }),
    words.formatMessage(
      { id: 'patchEditor.actionDoc.inverse' },
      { inverse: words.formatMessage({ id: `patchEditor.actionDoc.${type}.inverse` }), restores: ACTION_DOCS[type].restores },
    ),
  );
}

/** An action's parameter in words, with its bounds. */
function paramDoc(words: Words, type: PatchActionType, name: string, schema: JSONSchema7): string {
  const known = `patchEditor.param.${type}.${name}`;
  return joinLines(words.formatMessage({ id: known }), boundsText(words, schema));
}

function describeFields(words: Words, properties: JSONSchema7['properties'], prefix: string): void {
  for (const [name, definition] of Object.entries(properties ?? {})) {
    if (!isSchema(definition)) continue;
    definition.description = joinLines(words.formatMessage({ id: `patchEditor.schema.field.${prefix}${name}` }), boundsText(words, definition));
  }
}

/** The branches of the actions' union (zod writes `oneOf`; `anyOf` read too). */
function actionBranches(schema: JSONSchema7): JSONSchema7[] {
  const actions = schema.properties?.['actions'];
  if (!isSchema(actions) || !isSchema(actions.items as JSONSchema7Definition)) return [];
  const items = actions.items as JSONSchema7;
  return [...(items.oneOf ?? []), ...(items.anyOf ?? [])].filter(isSchema);
}

/**
 * The draft's JSON Schema with every description in the reader's language: each top-level and match
 * field, each action (what it does, what its inverse restores) and each of its parameters (with the
 * bounds the schema itself sets). Hover and completion show these descriptions.
 */
export function localizePatchSchema(words: Words, source: JSONSchema7): JSONSchema7 {
  const schema = structuredClone(source);
  const match = schema.properties?.['match'];
  describeFields(words, schema.properties, '');
  if (isSchema(match)) describeFields(words, match.properties, 'match.');
  for (const branch of actionBranches(schema)) {
    const typeSchema = branch.properties?.['type'];
    const type = isSchema(typeSchema) ? (typeSchema.const ?? typeSchema.enum?.[0]) : undefined;
    if (!isActionType(type) || !isSchema(typeSchema)) continue;
    const doc = joinLines(words.formatMessage({ id: `patchEditor.actionDoc.${type}.name` }), actionDoc(words, type));
    branch.description = doc;
    typeSchema.description = doc;
    for (const [name, definition] of Object.entries(branch.properties ?? {})) {
      if (name !== 'type' && isSchema(definition)) definition.description = paramDoc(words, type, name, definition);
    }
  }
  return schema;
}

/** The draft's schema in the current language (rebuilt when the language changes). */
export function useLocalizedPatchSchema(): JSONSchema7 {
  const intl = useIntl();
  return useMemo(() => localizePatchSchema(intl, patchJsonSchema as JSONSchema7), [intl]);
}
