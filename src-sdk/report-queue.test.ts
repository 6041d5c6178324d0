import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatchRefusalReport } from '../src-shared/schemas/sdk-refusal.js';
import { APPLICATION_REPORTS, REFUSAL_REPORTS, ReportQueue, type ApplicationReport } from './report-queue.js';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry.js';

const report = (n: number): ApplicationReport => ({
  report_id: `report-${n}-000000`,
  patch_id: '7d8b3a6e-4b8f-4f55-9a43-0a3b9b8d1c11',
  patch_version: 1,
  sdk_language: 'node',
  sdk_version: '0.1.0',
  error_encountered: 'Molam API 400 invalid_currency: ABC',
  context: {},
  success: true,
  rollback_triggered: false,
  duration_ms: 3,
  applied_at: new Date(0).toISOString(),
});

const refusal = (n: number): PatchRefusalReport => ({
  report_id: `refusal-${n}-000000`,
  patch_id: '7d8b3a6e-4b8f-4f55-9a43-0a3b9b8d1c11',
  patch_version: 2,
  sdk_language: 'node',
  reason_code: 'rollback',
  reason: 'version 2 is older than version 3 of this patch, already seen',
  highest_seen_version: 3,
  refused_at: new Date(0).toISOString(),
});

describe('ReportQueue', () => {
  let registry: FakeRegistry;
  beforeAll(async () => {
    registry = await startFakeRegistry();
  });
  afterAll(() => registry.close());

  it('drops the oldest reports past its bound, counts them, and keeps the rest when the backend is unreachable', async () => {
    const warnings: string[] = [];
    const queue = new ReportQueue<ApplicationReport>({
      endpoint: APPLICATION_REPORTS,
      baseUrl: 'http://127.0.0.1:1',
      sdkToken: 't',
      maxPending: 2,
      flushDelayMs: 60_000,
      warn: (message) => warnings.push(message),
    });
    for (const n of [1, 2, 3]) queue.enqueue(report(n));
    expect({ size: queue.size, dropped: queue.dropped }).toEqual({ size: 2, dropped: 1 });

    await queue.close();

    expect({ size: queue.size, dropped: queue.dropped }).toEqual({ size: 2, dropped: 1 });
    expect(warnings).toEqual(['Molam SDK could not send patch application reports; kept for later']);
  });

  it('sends refusals to their own endpoint under "refusals", and drops a batch the registry refuses as invalid', async () => {
    registry.answers.set('/api/dev/patch-refusals', { status: 202, body: { accepted: 2, duplicates: 0 } });
    const warnings: string[] = [];
    const queue = new ReportQueue<PatchRefusalReport>({ endpoint: REFUSAL_REPORTS, baseUrl: registry.baseUrl, sdkToken: 't', maxPending: 10, flushDelayMs: 60_000, warn: (m) => warnings.push(m) });
    queue.enqueue(refusal(1));
    queue.enqueue(refusal(2));
    await queue.flush();
    expect(registry.requests.map((r) => [r.method, r.path, JSON.parse(r.body)])).toEqual([['POST', '/api/dev/patch-refusals', { refusals: [refusal(1), refusal(2)] }]]);
    expect({ size: queue.size, dropped: queue.dropped }).toEqual({ size: 0, dropped: 0 });

    registry.answers.set('/api/dev/patch-refusals', { status: 400, body: { error: { code: 'validation_failed', message: 'bad' } } });
    queue.enqueue(refusal(3));
    await queue.close();
    expect({ size: queue.size, dropped: queue.dropped }).toEqual({ size: 0, dropped: 1 });
    expect(warnings).toEqual(['Molam SDK patch refusal reports refused; dropped']);
  });
});
