-- Staged rollouts of SDK patch versions: approving a version starts one, which serves the version to a
-- growing share of developers step by step while developers outside the share keep the previous
-- version. History is kept: one row per rollout (per approved version); the latest per patch is current.
CREATE TABLE sdk_patch_rollouts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patch_id         uuid NOT NULL REFERENCES sdk_self_healing_registry (id),
  version          integer NOT NULL,
  previous_version integer,
  state            text NOT NULL CHECK (state IN ('rolling', 'held', 'halted', 'completed')),
  -- shares in percent, one per step, increasing, the last 100
  steps            jsonb NOT NULL,
  step_index       integer NOT NULL DEFAULT 0 CHECK (step_index >= 0),
  share_pct        double precision NOT NULL CHECK (share_pct >= 0 AND share_pct <= 100),
  -- the share served when it halted: those developers get no version of the patch afterwards
  halted_share_pct double precision,
  min_applications integer NOT NULL CHECK (min_applications >= 1),
  halted_reason    text,
  started_at       timestamptz NOT NULL DEFAULT now(),
  step_started_at  timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  ended_at         timestamptz,
  updated_by_name  text,
  UNIQUE (patch_id, version),
  CHECK (previous_version IS NULL OR previous_version < version)
);
CREATE INDEX sdk_patch_rollouts_latest_idx ON sdk_patch_rollouts (patch_id, started_at DESC, version DESC);
CREATE INDEX sdk_patch_rollouts_running_idx ON sdk_patch_rollouts (patch_id) WHERE state IN ('rolling', 'held');

-- Versions active before rollouts existed were served to everyone: their rollouts are complete.
INSERT INTO sdk_patch_rollouts (patch_id, version, state, steps, step_index, share_pct, min_applications, started_at, step_started_at, updated_at, ended_at)
SELECT r.id, r.active_version, 'completed', '[100]'::jsonb, 0, 100, 20,
       COALESCE(v.reviewed_at, r.updated_at), COALESCE(v.reviewed_at, r.updated_at), COALESCE(v.reviewed_at, r.updated_at), COALESCE(v.reviewed_at, r.updated_at)
  FROM sdk_self_healing_registry r
  JOIN sdk_patch_versions v ON v.patch_id = r.id AND v.version = r.active_version
 WHERE r.active_version IS NOT NULL;
