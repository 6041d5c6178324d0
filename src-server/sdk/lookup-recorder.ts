import type { Database } from '../db/database.js';
import { GroupCommit, type GroupCommitOptions } from '../db/group-commit.js';

/** One self-heal lookup as stored; `patch_id` null means no patch answered it. */
export interface LookupRecord {
  developer_id: string;
  sdk_language: string;
  sdk_version: string | null;
  error_message: string;
  status: number | null;
  error_code: string | null;
  patch_id: string | null;
  patch_version: number | null;
  /** Kept with unanswered lookups (the runbook's "errors without a patch" reads them). */
  context: Record<string, unknown> | null;
}

// One statement per batch: every lookup goes to sdk_self_heal_lookups, and each unanswered one also
// becomes an sdk_patch_applications row with patch_applied = false.
const RECORD_SQL = `
  WITH input AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
      developer_id text, sdk_language text, sdk_version text, error_message text, status integer,
      error_code text, patch_id uuid, patch_version integer, context jsonb)
  ), lookups AS (
    INSERT INTO sdk_self_heal_lookups
      (developer_id, sdk_language, sdk_version, error_message, status, error_code, patch_id, patch_version)
    SELECT developer_id, sdk_language, sdk_version, error_message, status, error_code, patch_id, patch_version FROM input
  )
  INSERT INTO sdk_patch_applications
    (developer_id, sdk_language, sdk_version, error_encountered, context, success, rollback_triggered, patch_applied)
  SELECT developer_id, sdk_language, sdk_version, error_message, COALESCE(context, '{}'::jsonb), false, false, false
    FROM input WHERE patch_id IS NULL`;

// Commits wait for the WAL flush, so batches grow by themselves while earlier ones are in flight.
// Eight batches in flight share PostgreSQL's WAL flushes and leave most of the pool to other routes.
export const LOOKUP_BATCHING: GroupCommitOptions = {
  maxBatch: 500,
  maxBatchBytes: 4 * 1024 * 1024,
  maxInFlight: 8,
  maxQueuedBytes: 64 * 1024 * 1024,
};

/** Records self-heal lookups through a group-commit batcher: many lookups, one INSERT. */
export class LookupRecorder {
  private readonly batcher: GroupCommit<LookupRecord, true>;
  private closed = false;

  constructor(db: Database, options: GroupCommitOptions = LOOKUP_BATCHING) {
    this.batcher = new GroupCommit(async (records) => {
      await db.query(RECORD_SQL, [JSON.stringify(records)]);
      return records.map(() => true as const);
    }, options);
  }

  /** Resolves once the lookup is committed; refused when the recorder is closed or overloaded. */
  async record(lookup: LookupRecord): Promise<void> {
    if (this.closed) throw new Error('the lookup recorder is closed');
    const bytes = lookup.error_message.length + (lookup.context ? JSON.stringify(lookup.context).length : 0) + 200;
    await this.batcher.submit(lookup, bytes);
  }

  /** Writes what is queued; later lookups are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await this.batcher.drain();
  }
}
