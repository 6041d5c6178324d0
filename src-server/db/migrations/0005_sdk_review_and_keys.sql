-- SDK patch registry: review outcomes and the public keys patch signatures verify against.

-- A reviewer's reason for rejecting a version.
ALTER TABLE sdk_patch_versions ADD COLUMN rejection_reason text;

-- A version still waiting for review when a newer one is written is `superseded`.
ALTER TABLE sdk_patch_versions DROP CONSTRAINT sdk_patch_versions_status_check;
ALTER TABLE sdk_patch_versions ADD CONSTRAINT sdk_patch_versions_status_check
  CHECK (status IN ('pending_review', 'active', 'retired', 'rejected', 'superseded'));

-- At most one active version per patch.
CREATE UNIQUE INDEX sdk_patch_versions_one_active_idx ON sdk_patch_versions (patch_id) WHERE status = 'active';

-- Every key that has signed versions stays listed, so SDKs can verify older versions after a rotation.
CREATE TABLE sdk_signing_keys (
  key_id         text PRIMARY KEY,
  algorithm      text NOT NULL DEFAULT 'ed25519' CHECK (algorithm = 'ed25519'),
  public_key_pem text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- The runbook's "via SQL" INSERT names no author; such a row is never served until a version is
-- written through the API and approved (only signed versions are served).
ALTER TABLE sdk_self_healing_registry ALTER COLUMN created_by SET DEFAULT current_user;
