import { ReportedExcerptSchema } from '../../src-shared/schemas/autoheal.js';
import type { CodeExcerpt } from '../../src-shared/schemas/preview.js';
import type { Queryable } from '../db/database.js';
import { redactExcerpt } from './secret-redaction.js';

/**
 * The code excerpts healing logs carry (`healing_log_excerpts`): what a plugin's error report or
 * the analyser's proposal showed of the file around the failing line. Stored redacted.
 */

/** Stores a log's excerpt, redacted (again: redaction is idempotent, and this is the last door before the table). */
export async function saveExcerpt(db: Queryable, healingLogId: string, excerpt: CodeExcerpt, source: string): Promise<void> {
  await db.query(
    `INSERT INTO healing_log_excerpts (healing_log_id, excerpt, source) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (healing_log_id) DO UPDATE SET excerpt = EXCLUDED.excerpt, source = EXCLUDED.source, created_at = now()`,
    [healingLogId, JSON.stringify(redactExcerpt(excerpt)), source],
  );
}

/** A log's excerpt, or null when it has none. */
export async function findExcerpt(db: Queryable, healingLogId: string): Promise<CodeExcerpt | null> {
  const { rows } = await db.query<{ excerpt: unknown }>('SELECT excerpt FROM healing_log_excerpts WHERE healing_log_id = $1', [healingLogId]);
  if (!rows[0]) return null;
  const parsed = ReportedExcerptSchema.safeParse(rows[0].excerpt);
  return parsed.success ? parsed.data : null;
}

/**
 * The excerpt a `plugin.error` payload carries in `excerpt`, redacted; null when it carries none.
 * Throws the schema's error when it carries one that is malformed (the caller names the field).
 */
export function excerptOfPayload(payload: Record<string, unknown>): CodeExcerpt | null {
  if (payload.excerpt === undefined) return null;
  return redactExcerpt(ReportedExcerptSchema.parse(payload.excerpt));
}
