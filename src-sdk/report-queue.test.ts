import { describe, expect, it } from 'vitest';
import { ReportQueue, type ApplicationReport } from './report-queue.js';

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

describe('ReportQueue', () => {
  it('drops the oldest reports past its bound, counts them, and keeps the rest when the backend is unreachable', async () => {
    const warnings: string[] = [];
    const queue = new ReportQueue({ baseUrl: 'http://127.0.0.1:1', sdkToken: 't', maxPending: 2, flushDelayMs: 60_000, warn: (message) => warnings.push(message) });
    for (const n of [1, 2, 3]) queue.enqueue(report(n));
    expect({ size: queue.size, dropped: queue.dropped }).toEqual({ size: 2, dropped: 1 });

    await queue.close();

    expect({ size: queue.size, dropped: queue.dropped }).toEqual({ size: 2, dropped: 1 });
    expect(warnings).toEqual(['Molam SDK could not report patch applications; kept for later']);
  });
});
