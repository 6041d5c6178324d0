import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldMappingSchema, InteropEventBodySchema, MAX_PAYLOAD_DEPTH, findUnstorableJson } from './interop.js';

describe('interop event body', () => {
  const base = { plugin_id: 'woo-1', event_type: 'woocommerce_payment_complete', payload: { order_id: 1 } };

  it('accepts a numeric platform event id and keeps it as text', () => {
    expect(InteropEventBodySchema.parse({ ...base, event_id: 4711 }).event_id).toBe('4711');
  });

  it('accepts native event names of every platform', () => {
    for (const name of ['woocommerce_checkout_order_processed', 'orders/paid', 'actionValidateOrder', 'sales_order_place_after', 'plugin.error']) {
      expect(InteropEventBodySchema.safeParse({ ...base, event_type: name }).success).toBe(true);
    }
  });

  it('finds no problem in any JSON object made of well-formed text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue({ maxDepth: 5 })), (payload) => {
        expect(findUnstorableJson(payload)).toBeUndefined();
      }),
    );
  });

  it('points at NUL characters, unpaired surrogates and excessive depth', () => {
    expect(findUnstorableJson({ a: [{ b: 'x\u0000' }] })?.path).toEqual(['a', 0, 'b']);
    expect(findUnstorableJson({ a: '\uDC00' })?.path).toEqual(['a']);
    expect(findUnstorableJson({ a: '\uD83D\uDE00' })).toBeUndefined();
    let deep: unknown = 1;
    for (let i = 0; i < MAX_PAYLOAD_DEPTH; i++) deep = [deep];
    expect(findUnstorableJson(deep)).toBeUndefined();
    expect(findUnstorableJson([deep])?.message).toMatch(/deeper than 32/);
  });
});

describe('field mapping', () => {
  it('accepts nested sources with array indexes and nested targets', () => {
    expect(FieldMappingSchema.safeParse({ 'billing.email': 'customer.email', 'line_items.0.sku': 'item.sku', id: 'order_id' }).success).toBe(true);
  });

  it('accepts up to 8 source alternatives separated by "|", each a valid path', () => {
    expect(FieldMappingSchema.safeParse({ 'id|id_order|order.id': 'order_id', 'currency.iso_code|currency': 'currency' }).success).toBe(true);
    expect(FieldMappingSchema.safeParse({ 'a|b|c|d|e|f|g|h': 'x' }).success).toBe(true);
    for (const source of ['a|b|c|d|e|f|g|h|i', 'id|', '|id', 'id||id_order', 'id|billing..email']) {
      expect(FieldMappingSchema.safeParse({ [source]: 'order_id' }).success).toBe(false);
    }
  });

  it('names the offending key in each issue', () => {
    const result = FieldMappingSchema.safeParse({ ok: 'fine', 'a..b': 'x', c: 'has space', d: 'fine' });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path)).toEqual([['a..b'], ['c'], ['d']]);
  });
});
