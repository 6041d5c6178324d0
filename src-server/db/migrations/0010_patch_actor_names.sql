-- Who wrote and who reviewed a patch, by name as well as by token id: the console shows names, while
-- the two-person rule keeps comparing token ids. Existing rows take the names of the tokens they name.
ALTER TABLE sdk_self_healing_registry ADD COLUMN created_by_name text;
ALTER TABLE sdk_patch_versions ADD COLUMN created_by_name text;
ALTER TABLE sdk_patch_versions ADD COLUMN reviewed_by_name text;

UPDATE sdk_self_healing_registry p SET created_by_name = t.name FROM api_tokens t WHERE p.created_by = t.id::text;
UPDATE sdk_patch_versions v SET created_by_name = t.name FROM api_tokens t WHERE v.created_by = t.id::text;
UPDATE sdk_patch_versions v SET reviewed_by_name = t.name FROM api_tokens t WHERE v.reviewed_by = t.id::text;
