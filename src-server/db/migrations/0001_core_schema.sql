-- Molam reference backend: core schema (auto-healing, interop, SDK registry, auth, audit, change feed).

-- Change feed --------------------------------------------------------------------------------------
-- Every insert/update of a synced row gets one cursor from one sequence. The trigger takes a
-- transaction-scoped advisory lock before drawing the cursor, so a transaction that draws a higher
-- cursor cannot commit before one holding a lower cursor: cursor order is commit order and a reader
-- paging with `cursor > since` never skips a change that commits late.
CREATE TABLE sync_changes (
  cursor      bigserial PRIMARY KEY,
  entity      text        NOT NULL,
  entity_id   text        NOT NULL,
  op          text        NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  data        jsonb       NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_changes_entity_idx ON sync_changes (entity, entity_id);

CREATE FUNCTION record_sync_change() RETURNS trigger AS $$
DECLARE
  row_data jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(814001);
  IF TG_OP = 'DELETE' THEN
    row_data := to_jsonb(OLD);
  ELSE
    row_data := to_jsonb(NEW);
  END IF;
  INSERT INTO sync_changes (entity, entity_id, op, data)
  VALUES (TG_ARGV[0], row_data->>'id', lower(TG_OP), row_data);
  -- identical payloads are folded into one notification per transaction
  PERFORM pg_notify('molam_sync', TG_ARGV[0]);
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- Auth and audit ------------------------------------------------------------------------------------
CREATE TABLE api_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('admin', 'sira', 'ops', 'reviewer', 'dev_admin', 'merchant', 'sdk')),
  merchant_id text,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  CHECK (role <> 'merchant' OR merchant_id IS NOT NULL)
);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  actor_id    text NOT NULL,
  actor_name  text NOT NULL,
  actor_role  text NOT NULL,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   text,
  before      jsonb,
  after       jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);

CREATE TABLE idempotency_keys (
  token_id     text NOT NULL,
  key          text NOT NULL,
  route        text NOT NULL,
  request_hash text NOT NULL,
  status_code  integer NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (token_id, key)
);

-- Plugins -------------------------------------------------------------------------------------------
CREATE TABLE plugins (
  id             text PRIMARY KEY,
  merchant_id    text NOT NULL,
  cms            text NOT NULL CHECK (cms IN ('woocommerce', 'shopify', 'prestashop', 'magento')),
  cms_version    text NOT NULL,
  plugin_version text NOT NULL,
  php_version    text,
  state          jsonb NOT NULL DEFAULT '{}'::jsonb,
  last_seen_at   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX plugins_merchant_idx ON plugins (merchant_id);
CREATE INDEX plugins_cms_idx ON plugins (cms);

-- Auto-healing --------------------------------------------------------------------------------------
CREATE TABLE auto_healing_rules (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                 text NOT NULL UNIQUE,
  description          text NOT NULL DEFAULT '',
  error_pattern        text NOT NULL,
  platforms            text[] NOT NULL,
  auto_apply           boolean NOT NULL,
  confidence           double precision NOT NULL CHECK (confidence BETWEEN 0 AND 100),
  auto_apply_threshold double precision NOT NULL DEFAULT 85 CHECK (auto_apply_threshold BETWEEN 0 AND 100),
  action               text NOT NULL,
  severity             text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  patch_type           text NOT NULL,
  patch_template       jsonb NOT NULL DEFAULT '{}'::jsonb,
  active               boolean NOT NULL DEFAULT true,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  version              integer NOT NULL DEFAULT 1
);

CREATE TABLE plugin_auto_healing_logs (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plugin_id          text NOT NULL REFERENCES plugins (id),
  rule_id            uuid REFERENCES auto_healing_rules (id),
  detected_issue     text NOT NULL,
  issue_severity     text NOT NULL CHECK (issue_severity IN ('low', 'medium', 'high', 'critical')),
  patch_type         text NOT NULL,
  proposed_patch     jsonb NOT NULL,
  sira_decision      jsonb NOT NULL DEFAULT '{}'::jsonb,
  sira_confidence    double precision NOT NULL CHECK (sira_confidence BETWEEN 0 AND 100),
  status             text NOT NULL CHECK (status IN ('proposed', 'pending_review', 'approved', 'applying',
                       'applied', 'rolled_back', 'rejected', 'failed', 'superseded')),
  auto_applied       boolean NOT NULL DEFAULT false,
  required_approvals integer NOT NULL DEFAULT 1,
  approvals          jsonb NOT NULL DEFAULT '[]'::jsonb,
  rejection_reason   text,
  snapshot_id        uuid,
  patched_state      jsonb,
  failure_reason     text,
  superseded_by      uuid,
  created_by         text NOT NULL,
  applied_by         text,
  applied_at         timestamptz,
  rolled_back_by     text,
  rolled_back_at     timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1
);
CREATE INDEX healing_logs_created_idx ON plugin_auto_healing_logs (created_at DESC, id DESC);
CREATE INDEX healing_logs_status_idx ON plugin_auto_healing_logs (status, created_at DESC, id DESC);
CREATE INDEX healing_logs_plugin_idx ON plugin_auto_healing_logs (plugin_id, created_at DESC);

CREATE TABLE plugin_snapshots (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plugin_id      text NOT NULL REFERENCES plugins (id),
  healing_log_id uuid REFERENCES plugin_auto_healing_logs (id),
  snapshot_data  jsonb NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  restored_at    timestamptz,
  version        integer NOT NULL DEFAULT 1
);
CREATE INDEX plugin_snapshots_plugin_idx ON plugin_snapshots (plugin_id, created_at DESC);

CREATE TABLE plugin_commands (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plugin_id        text NOT NULL REFERENCES plugins (id),
  healing_log_id   uuid REFERENCES plugin_auto_healing_logs (id),
  command_type     text NOT NULL CHECK (command_type IN ('apply_patch', 'rollback', 'force_update', 'enable_debug', 'restart')),
  payload          jsonb NOT NULL DEFAULT '{}'::jsonb,
  priority         integer NOT NULL DEFAULT 5,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'leased', 'succeeded', 'failed', 'expired')),
  attempts         integer NOT NULL DEFAULT 0,
  max_attempts     integer NOT NULL DEFAULT 5,
  lease_expires_at timestamptz,
  result           jsonb,
  error            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  acked_at         timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1
);
CREATE INDEX plugin_commands_queue_idx ON plugin_commands (plugin_id, status, priority DESC, created_at);

CREATE TABLE approval_policy (
  id                 text PRIMARY KEY CHECK (id IN ('low', 'medium', 'high', 'critical')),
  required_approvals integer NOT NULL CHECK (required_approvals BETWEEN 1 AND 5),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1
);

CREATE TABLE auto_apply_pauses (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id        uuid NOT NULL REFERENCES auto_healing_rules (id),
  plugin_id      text NOT NULL REFERENCES plugins (id),
  healing_log_id uuid REFERENCES plugin_auto_healing_logs (id),
  paused_by      text NOT NULL,
  paused_at      timestamptz NOT NULL DEFAULT now(),
  reason         text,
  resumed_by     text,
  resumed_at     timestamptz,
  version        integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX auto_apply_pauses_active_idx ON auto_apply_pauses (rule_id, plugin_id) WHERE resumed_at IS NULL;

-- Interop -------------------------------------------------------------------------------------------
CREATE TABLE interop_event_mappings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  platform         text NOT NULL CHECK (platform IN ('woocommerce', 'shopify', 'prestashop', 'magento')),
  source_event     text NOT NULL,
  normalized_event text NOT NULL,
  field_mapping    jsonb NOT NULL,
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  UNIQUE (platform, source_event)
);

CREATE TABLE plugin_interop_events (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  plugin_id          text NOT NULL REFERENCES plugins (id),
  platform           text NOT NULL,
  source_event       text NOT NULL,
  normalized_event   text,
  mapping_id         uuid REFERENCES interop_event_mappings (id),
  raw_payload        jsonb NOT NULL,
  normalized_payload jsonb,
  status             text NOT NULL CHECK (status IN ('received', 'processed', 'unmapped', 'failed')),
  error              text,
  attempts           integer NOT NULL DEFAULT 1,
  external_id        text,
  occurred_at        timestamptz,
  received_at        timestamptz NOT NULL DEFAULT now(),
  processed_at       timestamptz
);
CREATE INDEX interop_events_received_idx ON plugin_interop_events (received_at DESC, id DESC);
CREATE INDEX interop_events_status_idx ON plugin_interop_events (status, received_at);
CREATE INDEX interop_events_plugin_idx ON plugin_interop_events (plugin_id, received_at DESC);
CREATE UNIQUE INDEX interop_events_external_idx ON plugin_interop_events (plugin_id, external_id) WHERE external_id IS NOT NULL;

-- SDK self-healing ----------------------------------------------------------------------------------
-- The registry row is the patch's current face (the runbook's queries run against it); every version
-- is kept, immutable once written, in sdk_patch_versions.
CREATE TABLE sdk_self_healing_registry (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sdk_language    text NOT NULL,
  error_signature text NOT NULL,
  patch_code      text,
  rollback_code   text,
  description     text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  active          boolean NOT NULL DEFAULT false,
  version         integer NOT NULL DEFAULT 1,
  active_version  integer,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sdk_registry_active_idx ON sdk_self_healing_registry (sdk_language) WHERE active;

CREATE TABLE sdk_patch_versions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patch_id        uuid NOT NULL REFERENCES sdk_self_healing_registry (id),
  version         integer NOT NULL,
  sdk_language    text NOT NULL,
  error_signature text NOT NULL,
  description     text NOT NULL,
  severity        text NOT NULL,
  match           jsonb NOT NULL,
  actions         jsonb NOT NULL,
  patch_code      text,
  rollback_code   text,
  content_hash    text NOT NULL,
  signature       text,
  key_id          text,
  status          text NOT NULL DEFAULT 'pending_review' CHECK (status IN ('pending_review', 'active', 'retired', 'rejected')),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  reviewed_by     text,
  reviewed_at     timestamptz,
  UNIQUE (patch_id, version)
);

CREATE TABLE sdk_patch_applications (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id          text UNIQUE,
  patch_id           uuid REFERENCES sdk_self_healing_registry (id),
  patch_version      integer,
  developer_id       text NOT NULL,
  sdk_language       text NOT NULL,
  sdk_version        text,
  error_encountered  text NOT NULL,
  context            jsonb NOT NULL DEFAULT '{}'::jsonb,
  success            boolean NOT NULL DEFAULT false,
  rollback_triggered boolean NOT NULL DEFAULT false,
  patch_applied      boolean NOT NULL DEFAULT false,
  duration_ms        integer,
  applied_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sdk_applications_patch_idx ON sdk_patch_applications (patch_id, applied_at DESC);
CREATE INDEX sdk_applications_applied_idx ON sdk_patch_applications (applied_at DESC);

CREATE TABLE sdk_self_heal_lookups (
  id            bigserial PRIMARY KEY,
  developer_id  text NOT NULL,
  sdk_language  text NOT NULL,
  sdk_version   text,
  error_message text NOT NULL,
  status        integer,
  error_code    text,
  patch_id      uuid,
  patch_version integer,
  looked_up_at  timestamptz NOT NULL DEFAULT now()
);

-- Payments sandbox ----------------------------------------------------------------------------------
CREATE TABLE sandbox_api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  developer_id text NOT NULL,
  api_key      text NOT NULL UNIQUE,
  secret_key   text NOT NULL,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expired_at   timestamptz
);

CREATE TABLE sandbox_payment_intents (
  id           text PRIMARY KEY,
  api_key_id   uuid NOT NULL REFERENCES sandbox_api_keys (id),
  amount       bigint NOT NULL,
  currency     text NOT NULL,
  status       text NOT NULL,
  description  text,
  customer     jsonb,
  metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Synced tables -------------------------------------------------------------------------------------
CREATE TRIGGER plugins_sync AFTER INSERT OR UPDATE OR DELETE ON plugins
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('plugin');
CREATE TRIGGER rules_sync AFTER INSERT OR UPDATE OR DELETE ON auto_healing_rules
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('rule');
CREATE TRIGGER healing_logs_sync AFTER INSERT OR UPDATE OR DELETE ON plugin_auto_healing_logs
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('healing_log');
CREATE TRIGGER snapshots_sync AFTER INSERT OR UPDATE OR DELETE ON plugin_snapshots
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('snapshot');
CREATE TRIGGER commands_sync AFTER INSERT OR UPDATE OR DELETE ON plugin_commands
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('command');
CREATE TRIGGER pauses_sync AFTER INSERT OR UPDATE OR DELETE ON auto_apply_pauses
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('pause');
CREATE TRIGGER policy_sync AFTER INSERT OR UPDATE OR DELETE ON approval_policy
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('approval_policy');
CREATE TRIGGER mappings_sync AFTER INSERT OR UPDATE OR DELETE ON interop_event_mappings
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('mapping');
CREATE TRIGGER sdk_patches_sync AFTER INSERT OR UPDATE OR DELETE ON sdk_self_healing_registry
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('sdk_patch');
CREATE TRIGGER sdk_patch_versions_sync AFTER INSERT OR UPDATE OR DELETE ON sdk_patch_versions
  FOR EACH ROW EXECUTE FUNCTION record_sync_change('sdk_patch_version');
