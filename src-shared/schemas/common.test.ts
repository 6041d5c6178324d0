import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IsoDateTimeSchema, MAX_DATE_TIME, MIN_DATE_TIME, storableText } from './common.js';

describe('IsoDateTimeSchema', () => {
  it('accepts every instant from 1970 to 9999 (UTC), whatever offset it is written with', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(MIN_DATE_TIME), max: new Date(MAX_DATE_TIME), noInvalidDate: true }),
        fc.constantFrom('Z', '+00:00'),
        (date, zone) => IsoDateTimeSchema.safeParse(date.toISOString().replace('Z', zone)).success,
      ),
    );
    expect(IsoDateTimeSchema.safeParse('1970-01-01T00:30:00+00:30').success).toBe(true);
    expect(IsoDateTimeSchema.safeParse('9999-12-31T23:59:59.999Z').success).toBe(true);
  });

  it('refuses the times PostgreSQL or JavaScript cannot hold, and those before 1970, saying which range it takes', () => {
    for (const text of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+14:00',
      '1969-12-31T23:59:59Z',
      '1970-01-01T00:30:00+01:00',
      '9999-12-31T23:59:59-14:00',
    ]) {
      const result = IsoDateTimeSchema.safeParse(text);
      expect(result.success, text).toBe(false);
      expect(result.error!.issues[0]!.message).toBe(`a time from ${MIN_DATE_TIME} to ${MAX_DATE_TIME} (UTC)`);
    }
  });

  it('refuses what is not an ISO 8601 time with an offset before looking at the year', () => {
    for (const text of ['99999-01-01T00:00:00Z', '+099999-01-01T00:00:00.000Z', '2024-02-30T00:00:00Z', '2024-01-01T00:00:00', '2024-01-01', 'now']) {
      const result = IsoDateTimeSchema.safeParse(text);
      expect(result.success, text).toBe(false);
      expect(result.error!.issues).toHaveLength(1);
    }
  });

  it('keeps format date-time and says its range in the JSON Schema of the API', () => {
    const json = z.toJSONSchema(IsoDateTimeSchema, { target: 'openapi-3.0', io: 'input' }) as { format?: string; description?: string };
    expect(json.format).toBe('date-time');
    expect(json.description).toContain(MAX_DATE_TIME);
  });
});

describe('storableText', () => {
  const Text = storableText(z.string().max(50));

  it('refuses a NUL character and an unpaired surrogate, high or low, and keeps pairs', () => {
    for (const text of ['a\u0000b', '\ud800', 'x\udc00', 'end \ud83d']) expect(Text.safeParse(text).success, JSON.stringify(text)).toBe(false);
    for (const text of ['', 'plain', '🎉 paired', 'é\u00a0ü']) expect(Text.safeParse(text).success, text).toBe(true);
    expect(Text.safeParse('x'.repeat(51)).success).toBe(false);
  });
});
