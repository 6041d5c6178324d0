import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunbookSchema, type Runbook } from '../../src-shared/schemas/sdk-field.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { DEACTIVATED_PATCHES, PATCH_TRAFFIC, seedFieldData } from './field-fixture.js';
import { RUNBOOK_SQL } from './runbook-sql.js';

type Row = Record<string, unknown>;

/** Rows with every number rounded (numeric and float8 averages may differ in their last bits) and the listed keys left out. */
const comparable = (rows: readonly Row[], omit: readonly string[] = []) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([key]) => !omit.includes(key))
        .map(([key, value]) => [key, typeof value === 'number' ? Number(value.toFixed(9)) : value]),
    ),
  );

/** The values a ranking is ordered by: strictly decreasing, or the runbook's own order would be arbitrary. */
const expectNoTies = (values: unknown[]) => {
  expect(new Set(values).size).toBe(values.length);
};

describe.each(testBackends())("the SDK runbook's tables on %s", (backend) => {
  let server: TestServer;
  let runbook: Runbook;
  const runbookSays = async (table: keyof typeof RUNBOOK_SQL) => (await server.db.query<Row>(RUNBOOK_SQL[table])).rows;

  beforeAll(async () => {
    server = await startTestServer(backend);
    await seedFieldData(server);
    const response = await server.request('GET', '/api/dev/runbook', { as: 'ops' });
    expect(response.status).toBe(200);
    runbook = RunbookSchema.parse(response.body);
  }, 60_000);
  afterAll(async () => server?.close());

  it('lists the most-used patches of the last 7 days as the runbook does, top 10', async () => {
    const expected = await runbookSays('most_used');
    expect(expected).toHaveLength(10);
    expectNoTies(expected.map((row) => row.applications));
    expect(runbook.most_used.map((row) => row.applications)).toEqual([30, 25, 22, 19, 16, 13, 11, 9, 7, 5]);
    expect(comparable(runbook.most_used, ['patch_id'])).toEqual(comparable(expected));
  });

  it('lists the rollback rate of every patch applied more than 10 times in 24 hours, in percent', async () => {
    const expected = await runbookSays('rollback_rates');
    expect(expected).toHaveLength(5);
    expectNoTies(expected.map((row) => row.rollback_rate));
    expect(comparable(runbook.rollback_rates, ['patch_id'])).toEqual(comparable(expected));
    expect(runbook.rollback_rates[0]).toMatchObject({ description: 'Field patch 2', total_applications: 14, rollbacks: 7, rollback_rate: 50 });
  });

  it('counts what each developer met per language over 7 days, top 20', async () => {
    const expected = await runbookSays('errors_per_developer');
    expect(expected).toHaveLength(20);
    expectNoTies(expected.map((row) => row.total_patches_applied));
    expect(comparable(runbook.errors_per_developer)).toEqual(comparable(expected));
  });

  it('counts the active patches', async () => {
    const expected = await runbookSays('active_patches');
    expect(runbook.active_patches).toBe(expected[0]!.count);
    expect(runbook.active_patches).toBe(PATCH_TRAFFIC.length - DEACTIVATED_PATCHES.length);
  });

  it('lists the patches whose applications failed in the last hour', async () => {
    const expected = await runbookSays('failing_last_hour');
    expect(expected.map((row) => row.failures)).toEqual([5, 3, 2, 1]);
    expect(runbook.failing_last_hour).toEqual(expected.map(({ id, ...row }) => ({ patch_id: id, ...row })));
  });

  it('lists the errors no patch answered over 7 days, grouped by their first 100 characters, top 20', async () => {
    const expected = await runbookSays('unpatched_errors');
    expect(expected).toHaveLength(20);
    expectNoTies(expected.map((row) => row.occurrences));
    expect(runbook.unpatched_errors).toEqual(expected);
    expect(runbook.unpatched_errors[0]).toMatchObject({ occurrences: 22, error_pattern: expect.stringMatching(/^card_declined_soft: /) });
    expect(runbook.unpatched_errors[0]!.error_pattern).toHaveLength(100);
  });

  it('is read by every staff role and by no one else', async () => {
    for (const as of ['admin', 'sira', 'reviewer', 'dev_admin'] as const) {
      expect((await server.request('GET', '/api/dev/runbook', { as })).status).toBe(200);
    }
    for (const as of ['merchant', 'sdk'] as const) expect((await server.request('GET', '/api/dev/runbook', { as })).status).toBe(403);
    expect((await server.request('GET', '/api/dev/runbook', { as: null })).status).toBe(401);
  });
});
