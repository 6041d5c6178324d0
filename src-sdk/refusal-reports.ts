import { randomUUID } from 'node:crypto';
import type { PatchRefusalReport } from '../src-shared/schemas/sdk-refusal.js';
import type { MolamLogger } from './client-options.js';
import type { Refusal, ServedPatch } from './patch-verifier.js';
import type { ReportQueue } from './report-queue.js';

/** The registry's patch ids; a refused "patch" without one is logged only (the registry would refuse the whole batch). */
const PATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each refused version is reported once per reason and process; past this many the oldest is forgotten. */
const REMEMBERED_REFUSALS = 1000;

/**
 * Logs a refused patch version and reports it to the registry through the background queue, once
 * per version and reason (the active set is refreshed every few minutes and would repeat it).
 */
export class RefusalReporter {
  private readonly reported = new Set<string>();

  constructor(
    private readonly queue: ReportQueue<PatchRefusalReport>,
    private readonly sdkVersion: string,
    private readonly logger: MolamLogger,
    private readonly now: () => number,
  ) {}

  refused(patch: ServedPatch, refusal: Refusal): void {
    const fields = { patch_id: patch.patch_id, version: patch.version, reason_code: refusal.reason_code, reason: refusal.reason };
    this.logger.warn('Molam SDK refused a self-healing patch', fields);
    const key = `${String(patch.patch_id)}:${String(patch.version)}:${refusal.reason_code}`;
    if (this.reported.has(key) || typeof patch.patch_id !== 'string' || !PATCH_ID.test(patch.patch_id)) return;
    this.reported.add(key);
    if (this.reported.size > REMEMBERED_REFUSALS) this.reported.delete(this.reported.values().next().value!);
    const version = Number.isInteger(patch.version) && patch.version >= 1 ? patch.version : 1;
    this.queue.enqueue({
      report_id: `molam-sdk-refusal-${randomUUID()}`,
      patch_id: patch.patch_id,
      patch_version: version,
      sdk_language: 'node',
      sdk_version: this.sdkVersion,
      reason_code: refusal.reason_code,
      reason: refusal.reason.slice(0, 2000),
      expires_at: typeof patch.expires_at === 'string' && !Number.isNaN(Date.parse(patch.expires_at)) ? new Date(patch.expires_at).toISOString() : null,
      highest_seen_version: refusal.highest_seen_version ?? null,
      refused_at: new Date(this.now()).toISOString(),
    });
  }
}
