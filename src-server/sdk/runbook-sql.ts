/**
 * The SDK runbook's statements, copied as the runbook writes them (Monitoring > Requêtes SQL,
 * Dépannage and Amélioration continue), for tests to run them on the same data as the server's
 * figures. PGlite runs them unchanged; the only adaptation is the trailing semicolons dropped, since
 * each is sent as one parameterless query.
 */
export const RUNBOOK_SQL = {
  most_used: `SELECT
  p.sdk_language,
  p.error_signature,
  p.description,
  COUNT(a.id) as applications,
  AVG(CASE WHEN a.success THEN 1.0 ELSE 0.0 END) as success_rate
FROM sdk_self_healing_registry p
LEFT JOIN sdk_patch_applications a ON p.id = a.patch_id
WHERE a.applied_at > NOW() - INTERVAL '7 days'
GROUP BY p.id, p.sdk_language, p.error_signature, p.description
ORDER BY applications DESC
LIMIT 10`,
  rollback_rates: `SELECT
  p.description,
  COUNT(*) as total_applications,
  SUM(CASE WHEN a.rollback_triggered THEN 1 ELSE 0 END) as rollbacks,
  (SUM(CASE WHEN a.rollback_triggered THEN 1 ELSE 0 END)::FLOAT / COUNT(*)::FLOAT * 100) as rollback_rate
FROM sdk_self_healing_registry p
JOIN sdk_patch_applications a ON p.id = a.patch_id
WHERE a.applied_at > NOW() - INTERVAL '24 hours'
GROUP BY p.id, p.description
HAVING COUNT(*) > 10
ORDER BY rollback_rate DESC`,
  errors_per_developer: `SELECT
  developer_id,
  sdk_language,
  COUNT(*) as total_patches_applied,
  SUM(CASE WHEN success THEN 1 ELSE 0 END) as successful
FROM sdk_patch_applications
WHERE applied_at > NOW() - INTERVAL '7 days'
GROUP BY developer_id, sdk_language
ORDER BY total_patches_applied DESC
LIMIT 20`,
  active_patches: `SELECT COUNT(*) FROM sdk_self_healing_registry WHERE active = true`,
  failing_last_hour: `
  SELECT p.id, p.description, COUNT(*) as failures
  FROM sdk_self_healing_registry p
  JOIN sdk_patch_applications a ON p.id = a.patch_id
  WHERE a.success = false
    AND a.applied_at > NOW() - INTERVAL '1 hour'
  GROUP BY p.id, p.description
  ORDER BY failures DESC`,
  unpatched_errors: `SELECT
  sdk_language,
  LEFT(error_encountered, 100) as error_pattern,
  COUNT(*) as occurrences
FROM sdk_patch_applications
WHERE patch_applied = false
  AND applied_at > NOW() - INTERVAL '7 days'
GROUP BY sdk_language, LEFT(error_encountered, 100)
ORDER BY occurrences DESC
LIMIT 20`,
} as const;
