import type { JSONSchema7 } from 'json-schema';
import { describe, expect, it } from 'vitest';
import { PATCH_ACTION_TYPES } from '../../../src-shared/patch-format.js';
import { intlFor } from '../../infra/i18n/intl.js';
import { ACTION_DOCS, patchJsonSchema } from './engine.js';
import { localizePatchSchema } from './schema-docs.js';

const branches = (schema: JSONSchema7) => ((schema.properties!['actions'] as JSONSchema7).items as JSONSchema7).oneOf as JSONSchema7[];
const branchOf = (schema: JSONSchema7, type: string) => branches(schema).find((branch) => (branch.properties!['type'] as JSONSchema7).const === type)!;

describe('the draft’s JSON Schema in the reader’s language', () => {
  const source = patchJsonSchema as JSONSchema7;
  const english = localizePatchSchema(intlFor('en'), source);
  const french = localizePatchSchema(intlFor('fr'), source);

  it('documents every action of the closed set: what it does and what its inverse restores', () => {
    expect(branches(english).length).toBe(PATCH_ACTION_TYPES.length);
    for (const type of PATCH_ACTION_TYPES) {
      const branch = branchOf(english, type);
      expect(branch.description, type).toMatch(/Undo: /);
      expect((branch.properties!['type'] as JSONSchema7).description).toBe(branch.description);
      for (const [name, param] of Object.entries(branch.properties!)) if (name !== 'type') expect((param as JSONSchema7).description, `${type}.${name}`).toBeTruthy();
    }
  });

  it('documents every parameter ACTION_DOCS lists, in both languages', () => {
    for (const type of PATCH_ACTION_TYPES) {
      for (const param of ACTION_DOCS[type].params) {
        for (const schema of [english, french]) {
          const description = (branchOf(schema, type).properties![param.name] as JSONSchema7).description ?? '';
          expect(description, `${type}.${param.name}`).not.toMatch(/patchEditor\./);
          expect(description.length, `${type}.${param.name}`).toBeGreaterThan(10);
        }
      }
      expect(branchOf(english, type).description).toContain(`(${ACTION_DOCS[type].restores})`);
    }
  });

  it('words each parameter’s bounds from the schema itself', () => {
    const timeout = branchOf(english, 'increase_timeout').properties!;
    expect((timeout['factor'] as JSONSchema7).description).toContain('Bounds: more than 1 and at most 10.');
    expect((timeout['max_ms'] as JSONSchema7).description).toContain('at least 1 and at most 300,000');
    expect((branchOf(french, 'increase_timeout').properties!['max_ms'] as JSONSchema7).description).toMatch(/Limites : au moins 1 et au plus 300\s000\./);
  });

  it('documents the top-level and match fields in French too, and leaves the source schema untouched', () => {
    expect((french.properties!['severity'] as JSONSchema7).description).toMatch(/^La gravité/);
    expect(((french.properties!['match'] as JSONSchema7).properties!['message_pattern'] as JSONSchema7).description).toMatch(/RE2/);
    expect((french.properties!['severity'] as JSONSchema7).description).not.toBe((source.properties!['severity'] as JSONSchema7).description);
    expect(branchOf(source, 'increase_timeout').description).toMatch(/^[A-Z][a-z]/);
    expect(branchOf(source, 'increase_timeout').description).not.toContain('Annulation');
  });
});
