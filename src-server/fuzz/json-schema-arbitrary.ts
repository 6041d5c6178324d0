import fc from 'fast-check';
import { HOSTILE_DATES } from './hostile.js';
import { PooledId } from './id-pool.js';

/** The part of JSON Schema (as `z.toJSONSchema` writes it for OpenAPI 3.0) the walker understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
}

const MAX_STRING = 40;

/**
 * Values for fields whose valid set a refinement holds and the JSON Schema cannot say (the sandbox's
 * supported currencies): without them nearly every request would stop at that one field.
 */
const HINTS: Record<string, readonly string[]> = {
  currency: ['XOF', 'EUR', 'USD', 'NGN'],
};

function stringArbitrary(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
  const hint = HINTS[name];
  if (hint) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...hint) }, { weight: 1, arbitrary: fc.string({ minLength, maxLength }) });
  const pooled = (fallback: fc.Arbitrary<string>) => fc.tuple(fc.nat(), fallback).map(([index, text]) => new PooledId(name, index, text));
  if (schema.format === 'uuid') return fc.oneof({ weight: 4, arbitrary: pooled(fc.uuid()) }, { weight: 1, arbitrary: fc.uuid() });
  if (schema.format === 'date-time') {
    // Times are where PostgreSQL and JavaScript part ways: one in four is one they cannot both hold.
    const valid = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString());
    return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_DATES) });
  }
  if (schema.pattern !== undefined) {
    let matching: fc.Arbitrary<string> | undefined;
    try {
      matching = fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((text) => text.length >= minLength && text.length <= (schema.maxLength ?? Infinity));
    } catch {
      matching = undefined;
    }
    const plain = fc.string({ minLength, maxLength });
    if (/(^|_)id$/.test(name)) return fc.oneof({ weight: 4, arbitrary: pooled(matching ?? plain) }, { weight: 1, arbitrary: matching ?? plain });
    return matching ?? plain;
  }
  if (/(^|_)id$/.test(name)) return pooled(fc.string({ minLength, maxLength }));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown> {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  const min = schema.minimum ?? exclusiveMin ?? -1e6;
  const max = schema.maximum ?? exclusiveMax ?? 1e6;
  if (integer) {
    return fc.integer({ min: Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) });
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: exclusiveMin !== undefined, maxExcluded: exclusiveMax !== undefined });
}

/**
 * An arbitrary of values that the schema accepts, or nearly (patterns fast-check cannot invert fall
 * back to plain strings, refinements zod keeps to itself are not in the schema). Sizes are kept
 * small: the hostile mutations, not this walker, bring the big values.
 */
export function arbitraryOf(schema: JsonSchema, name = '', depth = 0): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  let arbitrary: fc.Arbitrary<unknown>;
  if (alternatives) arbitrary = fc.oneof(...alternatives.map((item) => arbitraryOf(item, name, depth + 1)));
  else if (schema.allOf && schema.allOf.length > 0) arbitrary = arbitraryOf(schema.allOf[0]!, name, depth + 1);
  else if (schema.const !== undefined) arbitrary = fc.constant(schema.const);
  else if (schema.enum) arbitrary = fc.constantFrom(...schema.enum);
  else {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        arbitrary = stringArbitrary(schema, name);
        break;
      case 'integer':
      case 'number':
        arbitrary = numberArbitrary(schema, type === 'integer');
        break;
      case 'boolean':
        arbitrary = fc.boolean();
        break;
      case 'null':
        arbitrary = fc.constant(null);
        break;
      case 'array':
        arbitrary = fc.array(schema.items ? arbitraryOf(schema.items, name, depth + 1) : fc.jsonValue({ maxDepth: 1 }), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
        });
        break;
      case 'object':
        arbitrary = objectArbitrary(schema, depth);
        break;
      default:
        arbitrary = depth > 4 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
    }
  }
  return schema.nullable ? fc.option(arbitrary, { nil: null, freq: 8 }) : arbitrary;
}

function objectArbitrary(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) {
    const values = typeof schema.additionalProperties === 'object' ? arbitraryOf(schema.additionalProperties, '', depth + 1) : fc.jsonValue({ maxDepth: 2 });
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 4 });
  }
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) shape[name] = arbitraryOf(properties[name]!, name, depth + 1);
  return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((name) => name in shape) });
}
