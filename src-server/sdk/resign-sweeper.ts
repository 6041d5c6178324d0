import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.js';
import type { Metrics } from '../metrics.js';
import type { PatchSigner, UnsignedPatchContent } from './signing.js';

/** How often the sweeper looks for signatures nearing their expiry (more often when signatures live under 4 hours). */
export const RESIGN_INTERVAL_MS = 60 * 60 * 1000;
/** Versions signed again per transaction. */
export const RESIGN_BATCH_SIZE = 100;

/**
 * The versions the registry serves or may serve once approved: active and pending ones, and the
 * retired version a running (or halted) rollout keeps serving outside its share. Other retired,
 * rejected and superseded versions are left to expire: an SDK must refuse them.
 */
const RESIGNED_VERSIONS = `(
  v.status IN ('active', 'pending_review')
  OR (v.status = 'retired' AND EXISTS (
    SELECT 1 FROM (SELECT previous_version, state FROM sdk_patch_rollouts
                    WHERE patch_id = v.patch_id ORDER BY started_at DESC, version DESC LIMIT 1) latest
     WHERE latest.previous_version = v.version AND latest.state <> 'completed')))`;

/** Versions due (no expiry yet, or less than half the validity left), by id after `$2`, locked; others' locks are skipped. */
const DUE_VERSIONS_SQL = `
  SELECT id, patch_id, version, sdk_language, error_signature, match, actions, patch_code, rollback_code,
         expires_at::text AS expires_text
    FROM sdk_patch_versions v
   WHERE ${RESIGNED_VERSIONS} AND (expires_at IS NULL OR expires_at < $1::timestamptz) AND id > $2::uuid
   ORDER BY id
   LIMIT $3
     FOR UPDATE SKIP LOCKED`;

/**
 * Conditional on the expiry read: if another server process re-signed the version meanwhile, this
 * one changes nothing. The change-feed trigger records the update, so consoles and every process's
 * ActivePatchCache see the new signature.
 */
const RESIGN_SQL = `
  UPDATE sdk_patch_versions v SET content_hash = $2, signature = $3, key_id = $4, expires_at = $5::timestamptz
   WHERE id = $1 AND ${RESIGNED_VERSIONS} AND expires_at IS NOT DISTINCT FROM $6::timestamptz`;

/** A due version: what its signature covers, its id and the expiry read (PostgreSQL's text, compared exactly). */
type DueVersion = UnsignedPatchContent & { id: string; expires_text: string | null };

const FIRST_ID = '00000000-0000-0000-0000-000000000000';

export interface ResignSweeperOptions {
  db: Database;
  signer: PatchSigner;
  log: FastifyBaseLogger;
  metrics: Metrics;
  /** Called after a batch that re-signed something committed (the local cache reloads at once). */
  onDidResign?: () => void;
  /** Default: an hour, or a quarter of the signature's validity if that is shorter, so none expires between two sweeps. */
  intervalMs?: number;
  batchSize?: number;
  now?: () => number;
}

/**
 * Signs served and pending versions again before their signature expires, so an SDK never has to
 * refuse a version the registry still serves: at start (versions without an expiry included), then
 * every hour (more often for a validity under 4 hours). A re-sign changes no content and decides nothing, so it is logged and counted
 * (`self_heal_patch_resigned_total`), not audited.
 */
export class ResignSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;

  constructor(private readonly options: ResignSweeperOptions) {
    this.intervalMs = options.intervalMs ?? Math.min(RESIGN_INTERVAL_MS, Math.floor(options.signer.ttlMs / 4));
    this.batchSize = options.batchSize ?? RESIGN_BATCH_SIZE;
    this.now = options.now ?? Date.now;
  }

  /** Re-signs every due version, one transaction per batch; resolves with how many this process re-signed. */
  sweep(): Promise<number> {
    this.running ??= this.sweepAll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sweeps every `intervalMs` until `stop()`; the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.options.log.warn({ err: error }, 'self-heal: re-signing patch versions failed; retried at the next sweep'));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async sweepAll(): Promise<number> {
    const { db, signer, log, metrics, onDidResign } = this.options;
    // Due: less than half the validity left. A fresh signature has all of it, so a version is signed at most once per sweep.
    const dueBefore = new Date(this.now() + signer.ttlMs / 2).toISOString();
    let after = FIRST_ID;
    let total = 0;
    for (;;) {
      const batch = await db.transaction((tx) => this.resignBatch(tx, dueBefore, after));
      if (batch.resigned > 0) {
        total += batch.resigned;
        metrics.patchResignedTotal.inc(batch.resigned);
        onDidResign?.();
      }
      if (batch.lastId === null) break;
      after = batch.lastId;
    }
    if (total > 0) log.info({ resigned: total, ttl_ms: signer.ttlMs }, 'self-heal: re-signed patch versions before their signature expired');
    return total;
  }

  /** One batch; `lastId` is null when it was the last. */
  private async resignBatch(tx: Queryable, dueBefore: string, after: string): Promise<{ resigned: number; lastId: string | null }> {
    const { rows } = await tx.query<DueVersion>(DUE_VERSIONS_SQL, [dueBefore, after, this.batchSize]);
    let resigned = 0;
    for (const row of rows) {
      const { id, expires_text: expiresText, ...content } = row;
      const signed = await this.options.signer.sign(tx, content);
      const result = await tx.query(RESIGN_SQL, [id, signed.content_hash, signed.signature, signed.key_id, signed.expires_at, expiresText]);
      resigned += result.rowCount;
    }
    return { resigned, lastId: rows.length < this.batchSize ? null : rows[rows.length - 1]!.id };
  }
}
