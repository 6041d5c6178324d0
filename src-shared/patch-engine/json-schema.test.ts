import { Draft07 } from 'json-schema-library';
import { describe, expect, it } from 'vitest';
import { PATCH_ACTION_TYPES, PatchActionSchema, type PatchActionType } from '../patch-format.js';
import { DraftSchema } from './draft.js';
import { ACTION_DOCS, jsonSchemaOf, patchJsonSchema, type JsonSchema } from './json-schema.js';

/** A valid action of each type, the base every bound is probed from. */
const SAMPLES: Record<PatchActionType, Record<string, unknown>> = {
  set_option: { type: 'set_option', key: 'timeout', value: 1 },
  increase_timeout: { type: 'increase_timeout', factor: 2, max_ms: 1000 },
  retry_with_backoff: { type: 'retry_with_backoff', max_attempts: 3, base_ms: 1, max_ms: 300_000 },
  use_fallback_credential: { type: 'use_fallback_credential', credential_ref: 'fallback' },
  default_field: { type: 'default_field', field: 'customer.email', value: 'x' },
  set_currency: { type: 'set_currency', to: 'XOF' },
  resign_request: { type: 'resign_request', clock_skew_tolerance_s: 1 },
  respect_retry_after: { type: 'respect_retry_after', max_wait_ms: 1 },
};
const accepts = (action: Record<string, unknown>) => PatchActionSchema.safeParse(action).success;
const draft = {
  sdk_language: 'node',
  error_signature: 'timeout',
  description: 'Give slow calls more time',
  severity: 'low',
  match: { status: 504 },
  actions: [{ type: 'increase_timeout', factor: 2, max_ms: 60_000 }],
};

describe('patch JSON Schema and action docs', () => {
  it('documents every action with a description, its parameters and what its inverse restores', () => {
    expect(Object.keys(ACTION_DOCS)).toEqual([...PATCH_ACTION_TYPES]);
    expect(ACTION_DOCS.increase_timeout).toMatchObject({
      restores: 'option:timeout',
      params: [
        { name: 'factor', type: 'number', required: true, exclusiveMinimum: 1, maximum: 10 },
        { name: 'max_ms', type: 'integer', required: true, minimum: 1, maximum: 300_000 },
      ],
    });
    expect(ACTION_DOCS.set_option.restores).toBe('option:<key>');
    expect(ACTION_DOCS.default_field.params.find((param) => param.name === 'value')).toMatchObject({ type: 'json', maxJsonLength: 4096 });
    expect(ACTION_DOCS.set_currency.params.find((param) => param.name === 'to')).toMatchObject({ required: false, default: 'XOF' });
    for (const doc of Object.values(ACTION_DOCS)) expect(doc.description).not.toBe(doc.type);
  });

  it('states the bounds zod enforces, so a change of the patch format shows up in the docs', () => {
    for (const type of PATCH_ACTION_TYPES) {
      expect(accepts(SAMPLES[type])).toBe(true);
      for (const param of ACTION_DOCS[type].params) {
        const step = param.type === 'integer' ? 1 : 0.5;
        if (param.maximum !== undefined) {
          expect(accepts({ ...SAMPLES[type], [param.name]: param.maximum }), `${type}.${param.name} at its maximum`).toBe(true);
          expect(accepts({ ...SAMPLES[type], [param.name]: param.maximum + step }), `${type}.${param.name} above its maximum`).toBe(false);
        }
        if (param.minimum !== undefined) {
          expect(accepts({ ...SAMPLES[type], [param.name]: param.minimum }), `${type}.${param.name} at its minimum`).toBe(true);
          expect(accepts({ ...SAMPLES[type], [param.name]: param.minimum - step }), `${type}.${param.name} below its minimum`).toBe(false);
        }
        if (param.exclusiveMinimum !== undefined) {
          expect(accepts({ ...SAMPLES[type], [param.name]: param.exclusiveMinimum }), `${type}.${param.name} at its exclusive minimum`).toBe(false);
        }
        if (param.maxJsonLength !== undefined) {
          const fits = 'x'.repeat(param.maxJsonLength - 2);
          expect(accepts({ ...SAMPLES[type], [param.name]: fits })).toBe(true);
          expect(accepts({ ...SAMPLES[type], [param.name]: `${fits}x` })).toBe(false);
        }
        if (param.required) {
          const { [param.name]: _left, ...without } = SAMPLES[type];
          expect(accepts(without), `${type} without ${param.name}`).toBe(false);
        }
      }
    }
  });

  it('is the zod draft schema itself, with each action branch described for hover', () => {
    const plain = jsonSchemaOf(DraftSchema);
    const strip = (schema: JsonSchema) => JSON.parse(JSON.stringify(schema, (key, value) => (key === 'description' || key === 'title' ? undefined : value)));
    expect(strip(patchJsonSchema)).toEqual(strip(plain));
    const properties = patchJsonSchema.properties as Record<string, JsonSchema>;
    expect(Object.keys(properties).sort()).toEqual(Object.keys(DraftSchema.shape).sort());
    expect(patchJsonSchema.additionalProperties).toBe(false);
    const branches = (properties.actions!.items as { oneOf: JsonSchema[] }).oneOf;
    expect(branches.map((branch) => branch.title)).toEqual([...PATCH_ACTION_TYPES]);
    const timeout = branches.find((branch) => branch.title === 'increase_timeout')!;
    expect(timeout.description).toContain('≤ 10');
    expect(timeout.description).toContain('Inverse: restore the timeout to its value before the patch (restores option:timeout).');
  });

  it('judges drafts like zod in the JSON Schema validator the editor uses', () => {
    const validator = new Draft07(patchJsonSchema);
    expect(validator.validate(draft)).toEqual([]);
    const outOfRange = { ...draft, actions: [{ type: 'increase_timeout', factor: 11, max_ms: 60_000 }] };
    expect(DraftSchema.safeParse(outOfRange).success).toBe(false);
    expect(validator.validate(outOfRange).length).toBeGreaterThan(0);
    const unknownAction = { ...draft, actions: [{ type: 'reboot_server' }] };
    expect(validator.validate(unknownAction).length).toBeGreaterThan(0);
    expect(validator.validate({ ...draft, patch_code: 'x' }).length).toBeGreaterThan(0);
  });
});
