import type BetterSqlite3 from 'better-sqlite3';
import type { PatchDraft } from '../../../src-shared/ipc/patches.js';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { CacheDb } from '../cache-db.js';

interface DraftRow {
  id: string;
  patch_id: string | null;
  base_version: number | null;
  text: string;
  change_note: string;
  created_at: string;
  saved_at: string;
  submitted_at: string | null;
  sent_patch_id: string | null;
  local_state: LocalState;
}

/** A draft as stored, with its submission's state. */
export interface StoredDraft {
  draft: PatchDraft;
  localState: LocalState;
  /** The registry patch the backend made of it, once the submission was accepted. */
  sentPatchId: string | null;
}

/** Patch drafts on this workstation (local work, never synced, kept across cache rebuilds). */
export class PatchDraftsRepository {
  private readonly s: {
    insert: BetterSqlite3.Statement<DraftRow>;
    get: BetterSqlite3.Statement<[string], DraftRow>;
    open: BetterSqlite3.Statement<[], DraftRow>;
    save: BetterSqlite3.Statement<{ id: string; text: string; change_note: string; saved_at: string }>;
    submitted: BetterSqlite3.Statement<{ id: string; change_note: string; at: string | null }>;
    sent: BetterSqlite3.Statement<{ id: string; patch_id: string; version: number }>;
    delete: BetterSqlite3.Statement<[string]>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      insert: sql.prepare(
        `INSERT INTO patch_drafts (id, patch_id, base_version, text, change_note, created_at, saved_at, submitted_at, sent_patch_id, local_state)
         VALUES (@id, @patch_id, @base_version, @text, @change_note, @created_at, @saved_at, @submitted_at, @sent_patch_id, @local_state)`,
      ),
      get: sql.prepare('SELECT * FROM patch_drafts WHERE id = ?'),
      // Drafts still being written, and submissions not yet accepted (queued, refused or in conflict).
      open: sql.prepare("SELECT * FROM patch_drafts WHERE sent_patch_id IS NULL OR local_state <> 'synced' ORDER BY saved_at DESC, id"),
      save: sql.prepare('UPDATE patch_drafts SET text = @text, change_note = @change_note, saved_at = @saved_at WHERE id = @id'),
      submitted: sql.prepare('UPDATE patch_drafts SET change_note = @change_note, submitted_at = @at WHERE id = @id'),
      sent: sql.prepare('UPDATE patch_drafts SET sent_patch_id = @patch_id, patch_id = @patch_id, base_version = @version WHERE id = @id'),
      delete: sql.prepare('DELETE FROM patch_drafts WHERE id = ?'),
    };
  }

  insert(draft: PatchDraft): void {
    this.s.insert.run({
      id: draft.id,
      patch_id: draft.patchId,
      base_version: draft.baseVersion,
      text: draft.text,
      change_note: draft.changeNote,
      created_at: draft.createdAt,
      saved_at: draft.savedAt,
      submitted_at: draft.submittedAt,
      sent_patch_id: null,
      local_state: 'synced',
    });
    this.cache.touched('patch_drafts');
  }

  get(id: string): StoredDraft | undefined {
    const row = this.s.get.get(id);
    return row ? toStored(row) : undefined;
  }

  /** Drafts being written and submissions not yet accepted, last saved first. */
  open(): StoredDraft[] {
    return this.s.open.all().map(toStored);
  }

  save(id: string, text: string, changeNote: string, savedAt: string): void {
    if (this.s.save.run({ id, text, change_note: changeNote, saved_at: savedAt }).changes > 0) this.cache.touched('patch_drafts');
  }

  /** Marks a draft submitted with its change note (`at` null: back to editing, the submission dropped). */
  markSubmitted(id: string, changeNote: string, at: string | null): void {
    if (this.s.submitted.run({ id, change_note: changeNote, at }).changes > 0) this.cache.touched('patch_drafts');
  }

  /** Records the registry patch and version the backend made of a submitted draft. */
  markSent(id: string, patchId: string, version: number): void {
    if (this.s.sent.run({ id, patch_id: patchId, version }).changes > 0) this.cache.touched('patch_drafts');
  }

  delete(id: string): boolean {
    const deleted = this.s.delete.run(id).changes > 0;
    if (deleted) this.cache.touched('patch_drafts');
    return deleted;
  }
}

function toStored(row: DraftRow): StoredDraft {
  return {
    draft: {
      id: row.id,
      patchId: row.patch_id,
      baseVersion: row.base_version,
      text: row.text,
      changeNote: row.change_note,
      createdAt: row.created_at,
      savedAt: row.saved_at,
      submittedAt: row.submitted_at,
    },
    localState: row.local_state,
    sentPatchId: row.sent_patch_id,
  };
}
