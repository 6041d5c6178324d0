-- Resuming an auto-apply pause becomes a queued decision like the healing-log ones, so it works
-- offline too. A decision names exactly one target in a column of its own: `log_id` for the four
-- healing-log decisions, `pause_id` for 'resume'. Typed columns (rather than one generic target id)
-- keep every healing-log query, which joins on `log_id`, blind to pause rows by construction.
-- SQLite cannot change a CHECK or a NOT NULL in place: the outbox and conflicts tables are rebuilt,
-- keeping their rows, ids, AUTOINCREMENT counters and indexes.

-- The outbox -----------------------------------------------------------------------------------------------
CREATE TABLE outbox_rebuilt (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id      TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  log_id          TEXT,
  pause_id        TEXT,
  action          TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'apply', 'rollback', 'resume')),
  decision        TEXT NOT NULL,
  base_version    INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'rejected')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  decided_at      TEXT NOT NULL,
  last_attempt_at TEXT,
  CHECK (CASE WHEN action = 'resume' THEN log_id IS NULL AND pause_id IS NOT NULL
              ELSE log_id IS NOT NULL AND pause_id IS NULL END)
);
INSERT INTO outbox_rebuilt (id, profile_id, log_id, action, decision, base_version, idempotency_key, state, attempts,
                            last_error, decided_at, last_attempt_at)
  SELECT id, profile_id, log_id, action, decision, base_version, idempotency_key, state, attempts,
         last_error, decided_at, last_attempt_at
    FROM outbox ORDER BY id;
-- Ids keep growing from where they were (the UI may still hold the id of an item sent meanwhile).
DELETE FROM sqlite_sequence WHERE name = 'outbox_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_rebuilt', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_queue_idx ON outbox (profile_id, state, id);
CREATE INDEX outbox_log_idx ON outbox (log_id);
CREATE INDEX outbox_pause_idx ON outbox (pause_id) WHERE pause_id IS NOT NULL;

-- Conflicts ------------------------------------------------------------------------------------------------
CREATE TABLE conflicts_rebuilt (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id    TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  log_id        TEXT,
  pause_id      TEXT,
  decision      TEXT NOT NULL,
  base_version  INTEGER NOT NULL,
  decided_at    TEXT NOT NULL,
  theirs        TEXT,
  error_code    TEXT NOT NULL,
  error_message TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  CHECK ((log_id IS NULL) <> (pause_id IS NULL))
);
INSERT INTO conflicts_rebuilt (id, profile_id, log_id, decision, base_version, decided_at, theirs, error_code, error_message, created_at)
  SELECT id, profile_id, log_id, decision, base_version, decided_at, theirs, error_code, error_message, created_at
    FROM conflicts ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'conflicts_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'conflicts_rebuilt', seq FROM sqlite_sequence WHERE name = 'conflicts';
DROP TABLE conflicts;
ALTER TABLE conflicts_rebuilt RENAME TO conflicts;
CREATE INDEX conflicts_log_idx ON conflicts (log_id);
CREATE INDEX conflicts_pause_idx ON conflicts (pause_id) WHERE pause_id IS NOT NULL;

-- Pauses: where each stands relative to the server, as healing logs have it ------------------------------
ALTER TABLE pauses ADD COLUMN local_state TEXT NOT NULL DEFAULT 'synced'
  CHECK (local_state IN ('synced', 'queued', 'conflict', 'rejected'));
CREATE INDEX pauses_local_state_idx ON pauses (local_state) WHERE local_state <> 'synced';
