-- The four functions of the auto-healing seed. The service calls each of them.

-- Copies the plugin's patchable state into a snapshot and returns the snapshot id.
CREATE FUNCTION create_pre_patch_snapshot(p_plugin_id text, p_healing_log_id uuid) RETURNS uuid AS $$
DECLARE
  v_id uuid;
BEGIN
  INSERT INTO plugin_snapshots (plugin_id, healing_log_id, snapshot_data)
  SELECT p.id, p_healing_log_id,
         jsonb_build_object('cms_version', p.cms_version, 'plugin_version', p.plugin_version,
                            'php_version', p.php_version, 'state', p.state)
    FROM plugins p
   WHERE p.id = p_plugin_id
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    RAISE EXCEPTION 'plugin % does not exist', p_plugin_id USING ERRCODE = 'no_data_found';
  END IF;
  RETURN v_id;
END
$$ LANGUAGE plpgsql;

-- Restores the plugin exactly as the snapshot recorded it and returns the restored state.
CREATE FUNCTION rollback_to_snapshot(p_snapshot_id uuid) RETURNS jsonb AS $$
DECLARE
  v_snapshot plugin_snapshots%ROWTYPE;
BEGIN
  SELECT * INTO v_snapshot FROM plugin_snapshots WHERE id = p_snapshot_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'snapshot % does not exist', p_snapshot_id USING ERRCODE = 'no_data_found';
  END IF;
  UPDATE plugins
     SET cms_version    = v_snapshot.snapshot_data->>'cms_version',
         plugin_version = v_snapshot.snapshot_data->>'plugin_version',
         php_version    = v_snapshot.snapshot_data->>'php_version',
         state          = v_snapshot.snapshot_data->'state',
         updated_at     = now(),
         version        = version + 1
   WHERE id = v_snapshot.plugin_id;
  UPDATE plugin_snapshots SET restored_at = now(), version = version + 1 WHERE id = p_snapshot_id;
  RETURN v_snapshot.snapshot_data;
END
$$ LANGUAGE plpgsql;

-- Sets `value` at a dotted path inside `target`, creating the intermediate objects.
CREATE FUNCTION jsonb_set_path(target jsonb, path text[], value jsonb) RETURNS jsonb AS $$
DECLARE
  head text;
  child jsonb;
BEGIN
  IF array_length(path, 1) IS NULL THEN
    RETURN value;
  END IF;
  head := path[1];
  child := target -> head;
  IF child IS NULL OR jsonb_typeof(child) <> 'object' THEN
    child := '{}'::jsonb;
  END IF;
  IF array_length(path, 1) = 1 THEN
    RETURN target || jsonb_build_object(head, value);
  END IF;
  RETURN target || jsonb_build_object(head, jsonb_set_path(child, path[2:], value));
END
$$ LANGUAGE plpgsql IMMUTABLE;

-- Maps a platform payload to the standard schema. `p_field_mapping` maps a source path to a target
-- path, both dotted ("billing.email" → "customer.email"); a source path that is absent is skipped.
CREATE FUNCTION normalize_interop_event(p_payload jsonb, p_field_mapping jsonb) RETURNS jsonb AS $$
DECLARE
  v_result jsonb := '{}'::jsonb;
  v_source text;
  v_target text;
  v_value jsonb;
BEGIN
  FOR v_source, v_target IN SELECT key, value #>> '{}' FROM jsonb_each(p_field_mapping) LOOP
    v_value := p_payload #> string_to_array(v_source, '.');
    IF v_value IS NOT NULL THEN
      v_result := jsonb_set_path(v_result, string_to_array(v_target, '.'), v_value);
    END IF;
  END LOOP;
  RETURN v_result;
END
$$ LANGUAGE plpgsql IMMUTABLE;

-- The stat cards over the last p_days days.
CREATE FUNCTION get_auto_healing_stats(p_days integer) RETURNS jsonb AS $$
  WITH recent AS (
    SELECT status, issue_severity, sira_confidence, auto_applied
      FROM plugin_auto_healing_logs
     WHERE created_at > now() - make_interval(days => p_days)
  ), outcomes AS (
    SELECT count(*) FILTER (WHERE status = 'applied')     AS applied,
           count(*) FILTER (WHERE status = 'rolled_back') AS rolled_back,
           count(*) FILTER (WHERE status = 'failed')      AS failed
      FROM recent
  )
  SELECT jsonb_build_object(
    'days', p_days,
    'total', (SELECT count(*) FROM recent),
    'applied', o.applied,
    'rolled_back', o.rolled_back,
    'failed', o.failed,
    'pending_review', (SELECT count(*) FROM recent WHERE status = 'pending_review'),
    'auto_applied', (SELECT count(*) FROM recent WHERE auto_applied),
    'avg_confidence', (SELECT round(avg(sira_confidence)::numeric, 2)::float8 FROM recent),
    'success_rate', CASE WHEN o.applied + o.rolled_back + o.failed = 0 THEN NULL
                         ELSE round(100.0 * o.applied / (o.applied + o.rolled_back + o.failed), 2)::float8 END,
    'by_status', COALESCE((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM recent GROUP BY status) s), '{}'::jsonb),
    'by_severity', COALESCE((SELECT jsonb_object_agg(issue_severity, n) FROM (SELECT issue_severity, count(*) AS n FROM recent GROUP BY issue_severity) s), '{}'::jsonb)
  )
  FROM outcomes o;
$$ LANGUAGE sql STABLE;
