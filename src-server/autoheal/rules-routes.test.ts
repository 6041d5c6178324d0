import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src-shared/schemas/rules.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { matchingRules } from './rule-matcher.js';

const SEEDED = ['api_key_expired', 'memory_limit_exceeded', 'missing_database_column', 'outdated_php_dependency'];

describe.each(testBackends())('healing rules on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const rule = (overrides: Record<string, unknown> = {}) => ({
    name: 'stripe_timeout',
    description: 'The gateway timed out: retry with a longer timeout.',
    error_pattern: 'gateway timeout after \\d+ ?ms',
    platforms: ['shopify', 'magento'],
    auto_apply: false,
    confidence: 70,
    action: 'raise_timeout',
    severity: 'low',
    patch_type: 'config_update',
    patch_template: { state_changes: { timeout_ms: 30000 } },
    ...overrides,
  });
  const upsert = (body: unknown, options: { as?: 'dev_admin' | 'ops' | 'admin' | 'reviewer' | 'sira' | 'merchant'; version?: number } = {}) =>
    server.request('POST', '/api/v1/plugins/autoheal/rules', {
      as: options.as ?? 'dev_admin',
      body,
      headers: options.version === undefined ? {} : { 'if-match': `"${options.version}"` },
    });
  const seeded = async () => (await server.db.query<Rule>('SELECT * FROM auto_healing_rules WHERE name = ANY ($1)', [SEEDED])).rows;

  it('lists the four seeded rules to staff, by name', async () => {
    const response = await server.request('GET', '/api/v1/plugins/autoheal/rules', { as: 'reviewer' });
    expect(response.status).toBe(200);
    expect(response.body.items.map((r: Rule) => r.name)).toEqual(SEEDED);
    expect(response.body.items[3]).toMatchObject({
      error_pattern: 'Fatal error:.*requires PHP.*',
      platforms: ['woocommerce', 'prestashop'],
      auto_apply: false,
      confidence: 85,
      patch_template: { type: 'dependency_update', action: 'suggest_upgrade' },
    });
  });

  it('filters rules by the platform they cover and pages through them', async () => {
    const shopify = await server.request('GET', '/api/v1/plugins/autoheal/rules?platform=shopify', { as: 'ops' });
    expect(shopify.body.items.map((r: Rule) => r.name)).not.toContain('outdated_php_dependency');
    expect(shopify.body.items.map((r: Rule) => r.name)).toContain('api_key_expired');
    const first = await server.request('GET', '/api/v1/plugins/autoheal/rules?limit=3', { as: 'ops' });
    expect(first.body.items).toHaveLength(3);
    const rest = await server.request('GET', `/api/v1/plugins/autoheal/rules?limit=3&cursor=${first.body.next_cursor}`, { as: 'ops' });
    expect(rest.body.items[0].name > first.body.items[2].name).toBe(true);
  });

  it('refuses the rule list to merchants and the sdk, and names bad filters', async () => {
    for (const as of ['merchant', 'sdk'] as const) {
      expect((await server.request('GET', '/api/v1/plugins/autoheal/rules', { as })).status, as).toBe(403);
    }
    const bad = await server.request('GET', '/api/v1/plugins/autoheal/rules?platform=joomla', { as: 'ops' });
    expect(bad.body.error.field).toBe('query.platform');
    expect((await server.request('GET', '/api/v1/plugins/autoheal/rules?active=yes', { as: 'ops' })).body.error.field).toBe('query.active');
  });

  it('lets a dev_admin create a rule, filling the template type and action, and audits it', async () => {
    const created = await upsert(rule());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: 'stripe_timeout',
      version: 1,
      active: true,
      auto_apply_threshold: 85,
      patch_template: { type: 'config_update', action: 'raise_timeout', state_changes: { timeout_ms: 30000 } },
    });
    const audit = await server.db.query("SELECT action, actor_role FROM audit_log WHERE entity_type = 'rule' AND entity_id = $1", [created.body.id]);
    expect(audit.rows).toEqual([{ action: 'rule.create', actor_role: 'dev_admin' }]);
  });

  it('replaces a rule with the same name, bumping its version, and refuses a stale If-Match', async () => {
    const first = await upsert(rule({ name: 'rule_update_1' }));
    const updated = await upsert(rule({ name: 'rule_update_1', confidence: 88, active: false }), { version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: first.body.id, version: 2, confidence: 88, active: false });
    const stale = await upsert(rule({ name: 'rule_update_1', confidence: 10 }), { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { version: 2, confidence: 88 } } });
    const missing = await upsert(rule({ name: 'rule_update_missing' }), { version: 1 });
    expect(missing.status).toBe(409);
    const audit = await server.db.query("SELECT action FROM audit_log WHERE entity_type = 'rule' AND entity_id = $1 ORDER BY id", [first.body.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['rule.create', 'rule.update']);
  });

  it('refuses a pattern that could backtrack catastrophically, naming the field', async () => {
    const response = await upsert(rule({ name: 'rule_redos_1', error_pattern: '(a+)+$' }));
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('body.error_pattern');
    expect(response.body.error.message).toMatch(/backtrack catastrophically/);
    const lookahead = await upsert(rule({ name: 'rule_redos_1', error_pattern: 'error(?=: fatal)' }));
    expect(lookahead.body.error).toMatchObject({ field: 'body.error_pattern', message: expect.stringMatching(/not a valid RE2/) });
    const long = await upsert(rule({ name: 'rule_redos_1', error_pattern: 'a'.repeat(501) }));
    expect(long.body.error.field).toBe('body.error_pattern');
    const stored = await server.db.query("SELECT 1 FROM auto_healing_rules WHERE name = 'rule_redos_1'");
    expect(stored.rows).toHaveLength(0);
  });

  it('names every other bad rule field', async () => {
    const field = async (body: unknown) => (await upsert(body)).body.error.field;
    expect(await field(rule({ name: 'Bad Name' }))).toBe('body.name');
    expect(await field(rule({ platforms: [] }))).toBe('body.platforms');
    expect(await field(rule({ platforms: ['joomla'] }))).toBe('body.platforms.0');
    expect(await field(rule({ confidence: 101 }))).toBe('body.confidence');
    expect(await field(rule({ patch_type: 'shell' }))).toBe('body.patch_type');
    expect(await field(rule({ patch_template: { type: 'notification' } }))).toBe('body.patch_template.type');
    expect(await field(rule({ patch_template: { action: '' } }))).toBe('body.patch_template.action');
    expect(await field({ name: 'only_a_name' })).toBe('body.error_pattern');
  });

  it('lets only dev_admin (and admin) write rules', async () => {
    for (const as of ['ops', 'reviewer', 'sira', 'merchant'] as const) {
      expect((await upsert(rule({ name: 'rule_roles_1' }), { as })).status, as).toBe(403);
    }
    expect((await upsert(rule({ name: 'rule_roles_1' }), { as: 'admin' })).status).toBe(200);
  });

  it('matches realistic plugin errors with the seeded rules, as seeded', async () => {
    const rules = await seeded();
    const names = (message: string) => matchingRules(rules, message).map((r) => r.name);
    expect(names('PHP Fatal error: Uncaught Exception: molam/sdk 3.2.0 requires PHP >= 8.1 in /var/www/wp-content/plugins/molam/vendor/autoload.php:12')).toEqual([
      'outdated_php_dependency',
    ]);
    expect(names("SQLSTATE[42S22]: Column not found: 1054 Unknown column 'merchant_fee' in 'field list'")).toEqual(['missing_database_column']);
    expect(names('PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)')).toEqual([
      'memory_limit_exceeded',
    ]);
    expect(names('Molam API returned 401 Unauthorized: API key expired')).toEqual(['api_key_expired']);
    expect(names('Warning: Undefined array key "currency"')).toEqual([]);
  });

  it('answers at once when the seeded patterns meet long adversarial text', async () => {
    const rules = await seeded();
    const adversarial = [
      `Fatal error:${' requires PH'.repeat(100_000)}`,
      `Unknown column${" in 'field lis".repeat(100_000)}`,
      `401${' Unauthorized API ke'.repeat(100_000)}`,
      `Allowed memory size${' exhauste'.repeat(100_000)}`,
    ];
    for (const text of adversarial) expect(matchingRules(rules, text)).toEqual([]);
  });
});
