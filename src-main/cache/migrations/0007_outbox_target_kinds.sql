-- Outbox target kinds: a queued decision or a conflict names its target as (`kind`, `target_id`),
-- where `kind` is the name a module registered with the outbox (src-main/outbox/), so a new kind of
-- decision needs no change here. `log_id` and `pause_id` stay, as columns computed from the pair, so
-- every healing-log query, which joins on `log_id`, still cannot see other kinds' rows (0003).
-- Which actions a kind takes is checked by its module, not by a CHECK naming them all.
-- As in 0003, both tables are rebuilt keeping their rows, ids, AUTOINCREMENT counters and indexes.

-- The outbox -----------------------------------------------------------------------------------------------
CREATE TABLE outbox_rebuilt (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id      TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind <> ''),
  target_id       TEXT NOT NULL,
  log_id          TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'log' THEN target_id END) VIRTUAL,
  pause_id        TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'pause' THEN target_id END) VIRTUAL,
  action          TEXT NOT NULL CHECK (action <> ''),
  decision        TEXT NOT NULL,
  base_version    INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'rejected')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  decided_at      TEXT NOT NULL,
  last_attempt_at TEXT
);
INSERT INTO outbox_rebuilt (id, profile_id, kind, target_id, action, decision, base_version, idempotency_key, state,
                            attempts, last_error, decided_at, last_attempt_at)
  SELECT id, profile_id, CASE WHEN pause_id IS NOT NULL THEN 'pause' ELSE 'log' END, coalesce(pause_id, log_id),
         action, decision, base_version, idempotency_key, state, attempts, last_error, decided_at, last_attempt_at
    FROM outbox ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'outbox_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_rebuilt', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_queue_idx ON outbox (profile_id, state, id);
CREATE INDEX outbox_target_idx ON outbox (kind, target_id);
CREATE INDEX outbox_log_idx ON outbox (log_id);
CREATE INDEX outbox_pause_idx ON outbox (pause_id) WHERE pause_id IS NOT NULL;

-- Conflicts ------------------------------------------------------------------------------------------------
CREATE TABLE conflicts_rebuilt (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id    TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  kind          TEXT NOT NULL CHECK (kind <> ''),
  target_id     TEXT NOT NULL,
  log_id        TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'log' THEN target_id END) VIRTUAL,
  pause_id      TEXT GENERATED ALWAYS AS (CASE WHEN kind = 'pause' THEN target_id END) VIRTUAL,
  decision      TEXT NOT NULL,
  base_version  INTEGER NOT NULL,
  decided_at    TEXT NOT NULL,
  theirs        TEXT,
  error_code    TEXT NOT NULL,
  error_message TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
INSERT INTO conflicts_rebuilt (id, profile_id, kind, target_id, decision, base_version, decided_at, theirs, error_code,
                               error_message, created_at)
  SELECT id, profile_id, CASE WHEN pause_id IS NOT NULL THEN 'pause' ELSE 'log' END, coalesce(pause_id, log_id),
         decision, base_version, decided_at, theirs, error_code, error_message, created_at
    FROM conflicts ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'conflicts_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'conflicts_rebuilt', seq FROM sqlite_sequence WHERE name = 'conflicts';
DROP TABLE conflicts;
ALTER TABLE conflicts_rebuilt RENAME TO conflicts;
CREATE INDEX conflicts_target_idx ON conflicts (kind, target_id);
CREATE INDEX conflicts_log_idx ON conflicts (log_id);
CREATE INDEX conflicts_pause_idx ON conflicts (pause_id) WHERE pause_id IS NOT NULL;

-- The one rule for a row's pending state -------------------------------------------------------------------
-- Each target with something pending for the active profile, and what it shows: a conflict, else a
-- refused decision, else a queued one. Targets absent from the view are 'synced'. The `local_state`
-- column of each kind's table is written from this view only (PendingStates, in the same
-- transaction as the outbox or conflict write), so lists can filter and count on an index.
CREATE VIEW pending_targets AS
  SELECT kind, target_id,
         CASE max(weight) WHEN 3 THEN 'conflict' WHEN 2 THEN 'rejected' ELSE 'queued' END AS local_state
    FROM (SELECT kind, target_id, CASE state WHEN 'rejected' THEN 2 ELSE 1 END AS weight
            FROM outbox WHERE profile_id = (SELECT profile_id FROM sync_state WHERE id = 1)
          UNION ALL
          SELECT kind, target_id, 3 AS weight
            FROM conflicts WHERE profile_id = (SELECT profile_id FROM sync_state WHERE id = 1))
   GROUP BY kind, target_id;
