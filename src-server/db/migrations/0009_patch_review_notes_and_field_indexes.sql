-- SDK patch versions: the author's change note (why this version) and the approving reviewer's
-- comment, kept with the version like the rejection reason. Neither is signed: they describe the
-- review, not what SDKs apply.
ALTER TABLE sdk_patch_versions
  ADD COLUMN change_note text,
  ADD COLUMN review_comment text;

-- The field figures and the runbook read self-heal lookups by patch (answered in the last hour, the
-- newest one) and the unanswered ones by time; until now the table had no index but its key.
CREATE INDEX sdk_lookups_patch_idx ON sdk_self_heal_lookups (patch_id, looked_up_at DESC) WHERE patch_id IS NOT NULL;
CREATE INDEX sdk_lookups_unanswered_idx ON sdk_self_heal_lookups (looked_up_at DESC) WHERE patch_id IS NULL;
-- The runbook's "errors without a patch" reads the unanswered rows of the last 7 days.
CREATE INDEX sdk_applications_unpatched_idx ON sdk_patch_applications (applied_at DESC) WHERE patch_applied = false;
