import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENCY_EXPONENTS, normalizeMoney } from '../../src-shared/domain/money.js';
import type { Database } from '../db/database.js';
import { openTestDatabase, testBackends } from '../testing/harness.js';
import { MONEY_RULES } from './event-writer.js';

// The normalizer runs in SQL (a mapping change applies to the next event, with no cache) with the
// exponent table of src-shared/domain/money.ts as a parameter; this checks that its money rules
// give what normalizeMoney() gives, on generated amounts and currencies.
const SEED = Number(process.env.MONEY_SEED ?? Date.now() % 2 ** 31);
const RUNS = 400;

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const decimalText = fc
  .tuple(fc.boolean(), digits(1, 17), fc.option(digits(1, 6), { nil: undefined }))
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
const amount = fc.oneof(
  decimalText,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.string({ maxLength: 12 }).filter((s) => !s.includes('\0')),
  fc.constantFrom(true, null, undefined, '1e3', ' 1', '1.', '.5', '+1', '１２'),
);
const codes = Object.keys(CURRENCY_EXPONENTS);
const currency = fc.oneof(fc.constantFrom(...codes), fc.constantFrom(...codes).map((c) => c.toLowerCase()), fc.constantFrom('XYZ', 'XAU', 'EU', 'EURO', '', undefined));

describe.each(testBackends())('the SQL money rules on %s', (backend) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(backend));
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it(`agree with normalizeMoney() of src-shared on ${RUNS} generated amounts and currencies (MONEY_SEED=${SEED})`, async () => {
    const cases = fc.sample(fc.record({ amount, currency }, { requiredKeys: [] }), { seed: SEED, numRuns: RUNS });
    const payloads = cases.map((c) => ({ order_id: 'A-1', ...c }));
    const { rows } = await db.query<{ normalized: Record<string, unknown> | null; error: string | null }>(
      `SELECT z.normalized, z.error
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS c(payload, n)
        CROSS JOIN LATERAL normalize_interop_payload(c.payload, NULL, 'payment.succeeded', $2::text[], $3::jsonb) z
        ORDER BY c.n`,
      [JSON.stringify(payloads), ...MONEY_RULES],
    );
    expect(rows).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const expected = normalizeMoney(c.amount, c.currency);
      const got = rows[i]!;
      const context = `case ${i} of MONEY_SEED=${SEED}: ${JSON.stringify(c)}`;
      if (expected.ok) {
        expect(got.error, context).toBeNull();
        expect(got.normalized, context).toEqual({ order_id: 'A-1', ...expected.money });
      } else {
        expect(got.error, context).toBe(`${expected.field}: ${expected.message}`);
      }
    });
  });
});
