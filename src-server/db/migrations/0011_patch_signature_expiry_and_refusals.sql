-- A patch version's signature now covers an expiry (The Update Framework's defence against freeze
-- attacks): an SDK refuses a version whose signed expires_at has passed, and the server re-signs the
-- versions it serves or may serve before that. Rows written before this have none: the server signs
-- them again at start, before it listens, and serves no version without one.
ALTER TABLE sdk_patch_versions ADD COLUMN expires_at timestamptz;
-- The re-sign sweep reads the versions that may be served, soonest expiry (or none) first.
CREATE INDEX sdk_patch_versions_expiry_idx ON sdk_patch_versions (expires_at NULLS FIRST, id)
  WHERE status IN ('active', 'pending_review');

-- What SDKs refused: expired, older than a version already seen (rollback), unsigned, tampered...
-- The patch may be unknown to this registry (a forged one), so patch_id references nothing.
-- report_id makes an SDK's resent batch idempotent, per developer.
CREATE TABLE sdk_patch_refusals (
  id                   bigserial PRIMARY KEY,
  report_id            text NOT NULL,
  developer_id         text NOT NULL,
  patch_id             uuid NOT NULL,
  patch_version        integer NOT NULL,
  sdk_language         text NOT NULL,
  sdk_version          text,
  reason_code          text NOT NULL CHECK (reason_code IN ('expired', 'rollback', 'unsigned', 'unknown_key', 'bad_signature',
                                                            'hash_mismatch', 'wrong_language', 'code_patch_not_allowed',
                                                            'invalid_actions')),
  reason               text NOT NULL,
  expires_at           timestamptz,
  highest_seen_version integer,
  refused_at           timestamptz NOT NULL,
  received_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (developer_id, report_id)
);
CREATE INDEX sdk_patch_refusals_patch_idx ON sdk_patch_refusals (patch_id, refused_at DESC, id DESC);
CREATE INDEX sdk_patch_refusals_refused_idx ON sdk_patch_refusals (refused_at DESC, id DESC);
