-- The list order "most severe, then most confident" is gone (no screen offered it): its index only cost
-- time on every write and about a sixth of the initial sync's index build. A bulk load cut short
-- may still hold its definition to recreate, so that record goes too.
DROP INDEX IF EXISTS healing_logs_queue_conf_desc_idx;
DELETE FROM deferred_indexes WHERE name = 'healing_logs_queue_conf_desc_idx';
