-- When the backend received an SDK application report. The self_heal_* counters the Prometheus rules
-- read grow when a report arrives, whatever its applied_at says (a report queued through an outage
-- arrives late); the backend's own alert evaluation counts reports by this time to match them. Rows
-- written before this migration, or seeded, have none, as Prometheus never counted them.
ALTER TABLE sdk_patch_applications ADD COLUMN received_at timestamptz;
CREATE INDEX sdk_applications_received_idx ON sdk_patch_applications (received_at) WHERE received_at IS NOT NULL;

-- The runbook's alerts as the backend evaluates them: one row per episode (pending, then firing, then
-- resolved); a pending episode whose condition clears is deleted. patch_id names the patch of a
-- per-patch alert (it references nothing: an alert is history, kept whatever becomes of the patch).
CREATE TABLE self_heal_alerts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name              text NOT NULL CHECK (name IN ('SelfHealHighRollbackRate', 'SelfHealPatchFailing', 'SelfHealHighVolume', 'SelfHealRolloutHalted')),
  severity          text NOT NULL CHECK (severity IN ('warning', 'critical')),
  patch_id          uuid,
  state             text NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
  value             double precision,
  threshold         double precision NOT NULL,
  active_at         timestamptz NOT NULL,
  fired_at          timestamptz,
  resolved_at       timestamptz,
  last_evaluated_at timestamptz NOT NULL,
  CHECK ((state = 'pending') = (fired_at IS NULL)),
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
);
-- At most one open episode per alert and patch, whichever server process evaluates.
CREATE UNIQUE INDEX self_heal_alerts_open_idx
  ON self_heal_alerts (name, COALESCE(patch_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE state <> 'resolved';
CREATE INDEX self_heal_alerts_resolved_idx ON self_heal_alerts (resolved_at DESC) WHERE state = 'resolved';

-- The time of the latest evaluation (one row). An evaluation claims it only with a later time, so two
-- server processes evaluating at once apply their results in time order and a late one is dropped.
CREATE TABLE self_heal_alert_evaluations (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  evaluated_at timestamptz NOT NULL
);
