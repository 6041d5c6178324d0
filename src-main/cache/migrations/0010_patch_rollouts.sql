-- Staged rollouts of SDK patch versions and the runbook's alerts, as the backend last answered them
-- (GET /api/dev/rollouts, GET /api/dev/alerts), kept to read offline with their age.

-- The latest rollout of each patch: `id` is the patch's id (the target of a reviewer's decision on
-- the rollout), `data` a Rollout. `local_state` shows that decision's outbox state, written from
-- `pending_targets` only (PendingStates), as for the other kinds.
CREATE TABLE patch_rollouts (
  id          TEXT PRIMARY KEY,
  version     INTEGER NOT NULL,
  state       TEXT NOT NULL,
  data        TEXT NOT NULL,
  local_state TEXT NOT NULL DEFAULT 'synced' CHECK (local_state IN ('synced', 'queued', 'rejected', 'conflict'))
);
CREATE INDEX patch_rollouts_local_state_idx ON patch_rollouts (local_state) WHERE local_state <> 'synced';

-- The runbook's alerts: pending, firing, and resolved in the last 7 days (one row per episode),
-- `data` a SelfHealAlert; `rank` keeps the backend's order (newest first).
CREATE TABLE self_heal_alerts (
  id       TEXT PRIMARY KEY,
  rank     INTEGER NOT NULL,
  patch_id TEXT,
  state    TEXT NOT NULL,
  data     TEXT NOT NULL
);
CREATE INDEX self_heal_alerts_rank_idx ON self_heal_alerts (rank);

-- When each source was computed by the backend and received by the console.
CREATE TABLE rollout_snapshots (
  source       TEXT PRIMARY KEY CHECK (source IN ('rollouts', 'alerts')),
  computed_at  TEXT NOT NULL,
  refreshed_at TEXT NOT NULL
);
