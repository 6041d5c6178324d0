-- Seed data exactly as the auto-healing seed's tables give it, and the default approval policy.

INSERT INTO auto_healing_rules (name, description, error_pattern, platforms, auto_apply, confidence, action, severity, patch_type, patch_template) VALUES
  ('outdated_php_dependency', 'A dependency requires a newer PHP version: suggest an upgrade.',
   'Fatal error:.*requires PHP.*', ARRAY['woocommerce', 'prestashop'], false, 85, 'suggest_upgrade', 'high',
   'dependency_update', '{"type": "dependency_update", "action": "suggest_upgrade"}'),
  ('missing_database_column', 'A plugin update expects a column the database lacks: add it.',
   'Unknown column.*in field list', ARRAY['all'], true, 90, 'add_column', 'high',
   'database_patch', '{"type": "database_patch", "action": "add_missing_column"}'),
  ('memory_limit_exceeded', 'PHP memory limit exhausted: raise it in the configuration.',
   'Allowed memory size.*exhausted', ARRAY['all'], false, 80, 'update_config', 'medium',
   'config_update', '{"type": "config_update", "action": "update_config", "state_changes": {"memory_limit": "512M"}}'),
  ('api_key_expired', 'The Molam API key was refused: notify the merchant.',
   '401.*Unauthorized.*API key', ARRAY['all'], false, 95, 'notify_merchant', 'critical',
   'notification', '{"type": "notification", "action": "notify_merchant"}');

INSERT INTO interop_event_mappings (platform, source_event, normalized_event, field_mapping) VALUES
  ('woocommerce', 'woocommerce_checkout_order_processed', 'checkout.created', '{"id": "order_id", "total": "amount"}'),
  ('woocommerce', 'woocommerce_payment_complete', 'payment.succeeded', '{"order_id": "id", "total": "amount"}'),
  ('shopify', 'orders/create', 'checkout.created', '{"id": "order_id", "total_price": "amount"}'),
  ('shopify', 'orders/paid', 'payment.succeeded', '{"id": "order_id", "total_price": "amount"}'),
  ('prestashop', 'actionValidateOrder', 'checkout.created', '{"id_order": "order_id", "total_paid": "amount"}'),
  ('magento', 'sales_order_place_after', 'checkout.created', '{"entity_id": "order_id", "grand_total": "amount"}');

INSERT INTO approval_policy (id, required_approvals) VALUES ('low', 1), ('medium', 1), ('high', 1), ('critical', 2);
