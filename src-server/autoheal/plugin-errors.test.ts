import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import type { Plugin } from '../../src-shared/schemas/plugins.js';
import { getPlugin } from '../plugins/repository.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { registerPlugin } from './autoheal-test-kit.js';
import { proposeForPluginError } from './plugin-errors.js';

const PHP_TOO_OLD = 'PHP Fatal error: Uncaught RuntimeException: molam/sdk requires PHP >= 8.1 in /var/www/vendor/autoload.php:12';
const MISSING_COLUMN = "SQLSTATE[42S22]: Unknown column 'merchant_fee' in 'field list'";

describe.each(testBackends())('rules engine on plugin errors on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const plugin = async (id: string, cms: string): Promise<Plugin> => {
    await registerPlugin(server, id, { cms });
    return getPlugin(server.db, id);
  };
  const report = (target: Plugin, message: string, source = 'event-1') =>
    server.db.transaction((tx) => proposeForPluginError(tx, server.built.context, { plugin: target, message, source }));
  const logs = async (pluginId: string) =>
    (await server.db.query<HealingLog>('SELECT * FROM plugin_auto_healing_logs WHERE plugin_id = $1 ORDER BY created_at', [pluginId])).rows;

  it('proposes the matching rule’s patch for the plugin, as the rules engine', async () => {
    const woo = await plugin('rules-woo-1', 'woocommerce');
    const ids = await report(woo, PHP_TOO_OLD, 'interop-event-42');
    expect(ids).toHaveLength(1);
    const [log] = await logs('rules-woo-1');
    expect(log).toMatchObject({
      id: ids[0],
      detected_issue: PHP_TOO_OLD,
      issue_severity: 'high',
      patch_type: 'dependency_update',
      proposed_patch: { type: 'dependency_update', action: 'suggest_upgrade' },
      sira_confidence: 85,
      sira_decision: { analyser: 'rules', rule: 'outdated_php_dependency', source: 'interop-event-42' },
      created_by: 'rules-engine',
      status: 'pending_review',
    });
    const rule = await server.db.query("SELECT id FROM auto_healing_rules WHERE name = 'outdated_php_dependency'");
    expect(log!.rule_id).toBe(rule.rows[0]!.id);
  });

  it('ignores rules that do not cover the plugin’s platform', async () => {
    const shopify = await plugin('rules-shopify-1', 'shopify');
    expect(await report(shopify, PHP_TOO_OLD)).toEqual([]);
    expect(await logs('rules-shopify-1')).toEqual([]);
  });

  it('applies a rule for all platforms, auto-applying it when the rule allows', async () => {
    const magento = await plugin('rules-magento-1', 'magento');
    const ids = await report(magento, MISSING_COLUMN);
    expect(ids).toHaveLength(1);
    expect(await logs('rules-magento-1')).toMatchObject([
      { id: ids[0], status: 'applying', auto_applied: true, proposed_patch: { type: 'database_patch', action: 'add_missing_column' } },
    ]);
    const commands = await server.db.query('SELECT command_type FROM plugin_commands WHERE healing_log_id = $1', [ids[0]]);
    expect(commands.rows).toEqual([{ command_type: 'apply_patch' }]);
  });

  it('proposes once per matching rule when a message matches several', async () => {
    const presta = await plugin('rules-presta-1', 'prestashop');
    const ids = await report(presta, `${PHP_TOO_OLD}; then Allowed memory size of 134217728 bytes exhausted`);
    expect(ids).toHaveLength(2);
    const rules = (await logs('rules-presta-1')).map((l) => l.sira_decision.rule).sort();
    expect(rules).toEqual(['memory_limit_exceeded', 'outdated_php_dependency']);
  });

  it('skips inactive rules and proposes nothing for an unknown error', async () => {
    const woo = await plugin('rules-woo-2', 'woocommerce');
    const created = await server.request('POST', '/api/v1/plugins/autoheal/rules', {
      as: 'dev_admin',
      body: {
        name: 'gateway_down_inactive',
        error_pattern: 'gateway down',
        platforms: ['all'],
        auto_apply: false,
        confidence: 60,
        action: 'notify_merchant',
        patch_type: 'notification',
        active: false,
      },
    });
    expect(created.status).toBe(200);
    expect(await report(woo, 'The gateway down again')).toEqual([]);
    expect(await report(woo, 'Warning: Undefined array key "currency"')).toEqual([]);
    expect(await report(woo, '   ')).toEqual([]);
  });

  it('keeps at most 4000 characters of a long message as the detected issue', async () => {
    const shopify = await plugin('rules-shopify-2', 'shopify');
    const ids = await report(shopify, `401 Unauthorized: API key expired ${'x'.repeat(10_000)}`);
    expect(ids).toHaveLength(1);
    const [log] = await logs('rules-shopify-2');
    expect(log!.detected_issue).toHaveLength(4000);
    expect(log).toMatchObject({ issue_severity: 'critical', patch_type: 'notification', status: 'pending_review' });
  });
});
