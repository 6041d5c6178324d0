import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PatchPreviewSchema } from '../../src-shared/schemas/preview.js';
import { startTestServer, testBackends, type TestServer, type TokenName } from '../testing/harness.js';
import { propose, registerPlugin, transition, upsertRule } from './autoheal-test-kit.js';

const FILE = 'includes/class-molam-gateway.php';
const EXCERPT = {
  file: FILE,
  start_line: 210,
  failing_line: 212,
  lines: [
    'public function process_payment( $order_id ) {',
    "  $client = new Molam_Client( 'sk_live_51HxYz9AbCdEf' );",
    '  $tokens = $order->get_payment_tokens();',
    "  $password = 'hunter2';",
    '}',
  ],
};
const CODE_PATCH = {
  type: 'code_patch',
  action: 'replace_in_file',
  file: `/var/www/html/wp-content/plugins/molam-payments/${FILE}`,
  search: '$order->get_payment_tokens()',
  replace: 'WC_Payment_Tokens::get_order_tokens( $order->get_id() )',
};

describe.each(testBackends())('patch previews on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const preview = async (logId: string, as: TokenName = 'reviewer') => {
    const response = await server.request('GET', `/api/v1/plugins/autoheal/${logId}/preview`, { as });
    if (response.status === 200) PatchPreviewSchema.parse(response.body);
    return response;
  };
  const proposeCode = (pluginId: string, overrides: Record<string, unknown> = {}) =>
    propose(server, pluginId, {
      detected_issue: 'Call to undefined method WC_Order::get_payment_tokens()',
      issue_severity: 'critical',
      patch_type: 'code_patch',
      proposed_patch: CODE_PATCH,
      sira_confidence: 50,
      ...overrides,
    });

  it('shows a pending patch against the state the plugin reports, as apply would write it', async () => {
    await registerPlugin(server, 'pv-state-1');
    const { log } = await propose(server, 'pv-state-1');
    const response = await preview(log.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${log.version}"`);
    expect(response.body).toMatchObject({
      kind: 'state',
      base: 'reported_state',
      log_id: log.id,
      log_version: log.version,
      before: { memory_limit: '128M', mode: 'live', debug: false },
      after: { memory_limit: '512M', mode: 'live' },
      changed_keys: ['debug', 'memory_limit'],
      unchanged_reason: null,
    });
    expect(response.body.base_at).toEqual(expect.any(String));

    // The plugin reports a new state: the pending preview follows it.
    await server.db.query(`UPDATE plugins SET state = state || '{"memory_limit": "256M"}'::jsonb WHERE id = 'pv-state-1'`);
    expect((await preview(log.id)).body).toMatchObject({ before: { memory_limit: '256M' }, after: { memory_limit: '512M' } });
  });

  it('shows an applying patch from its snapshot to the state apply wrote, the same as the pending preview said', async () => {
    await registerPlugin(server, 'pv-snap-1');
    const { log } = await propose(server, 'pv-snap-1');
    const pending = (await preview(log.id)).body;
    await transition(server, log.id, 'approve');
    const applied = await transition(server, log.id, 'apply');
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    // Whatever the plugin reports now, the applied preview is the snapshot's.
    await server.db.query(`UPDATE plugins SET state = '{"memory_limit": "1G"}'::jsonb WHERE id = 'pv-snap-1'`);
    const response = await preview(log.id);
    expect(response.body).toMatchObject({ kind: 'state', base: 'snapshot', before: pending.before, after: pending.after, changed_keys: pending.changed_keys });
    const { rows } = await server.db.query<{ patched_state: unknown }>('SELECT patched_state FROM plugin_auto_healing_logs WHERE id = $1', [log.id]);
    expect(response.body.after).toEqual(rows[0]!.patched_state);
    expect(response.body.log_version).toBeGreaterThan(log.version);
  });

  it('says why when a patch changes nothing, and when there is nothing to compare with', async () => {
    await registerPlugin(server, 'pv-same-1');
    const same = await propose(server, 'pv-same-1', {
      proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { mode: 'live' } },
    });
    expect((await preview(same.log.id)).body).toMatchObject({
      kind: 'state',
      changed_keys: [],
      unchanged_reason: expect.stringContaining('already reports these values'),
    });

    const notify = await propose(server, 'pv-same-1', {
      detected_issue: 'API key expired',
      patch_type: 'notification',
      proposed_patch: { type: 'notification', action: 'notify_merchant', channel: 'email' },
    });
    expect((await preview(notify.log.id)).body).toMatchObject({ kind: 'none', reason: 'nothing_to_change', message: expect.stringContaining('notification') });

    await server.db.query(`UPDATE plugins SET state = '{}'::jsonb WHERE id = 'pv-same-1'`);
    const blank = await propose(server, 'pv-same-1', { detected_issue: 'timeout' });
    expect((await preview(blank.log.id)).body).toMatchObject({ kind: 'none', reason: 'no_known_state' });
  });

  it('shows a code patch as a diff of the excerpt the analyser sent, with its secrets redacted', async () => {
    await registerPlugin(server, 'pv-code-1');
    const { log } = await proposeCode('pv-code-1', { context: { excerpt: EXCERPT } });
    const response = await preview(log.id);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'code',
      file: FILE,
      language: 'php',
      start_line: 210,
      failing_line: 212,
      replacements: 1,
    });
    expect(response.body.after_lines[2]).toBe('  $tokens = WC_Payment_Tokens::get_order_tokens( $order->get_id() );');
    expect(response.body.before_lines[2]).toBe('  $tokens = $order->get_payment_tokens();');
    const shown = JSON.stringify(response.body);
    expect(shown).not.toContain('51HxYz9AbCdEf');
    expect(shown).not.toContain('hunter2');
    const stored = await server.db.query<{ text: string }>('SELECT excerpt::text AS text FROM healing_log_excerpts WHERE healing_log_id = $1', [log.id]);
    expect(stored.rows[0]!.text).not.toContain('hunter2');
    expect(stored.rows[0]!.text).toContain('sk_live_[REDACTED]');
  });

  it('says plainly when a code patch has no excerpt, or its text is not in the excerpt', async () => {
    await registerPlugin(server, 'pv-code-2');
    const bare = await proposeCode('pv-code-2');
    expect((await preview(bare.log.id)).body).toMatchObject({ kind: 'none', reason: 'no_excerpt', message: expect.stringContaining('no excerpt') });

    const elsewhere = await proposeCode('pv-code-2', {
      detected_issue: 'other',
      proposed_patch: { ...CODE_PATCH, search: '$order->get_refunds()' },
      context: { excerpt: EXCERPT },
    });
    expect((await preview(elsewhere.log.id)).body).toMatchObject({ kind: 'none', reason: 'search_not_in_excerpt' });

    const otherFile = await proposeCode('pv-code-2', {
      detected_issue: 'third',
      proposed_patch: { ...CODE_PATCH, file: 'includes/class-molam-webhooks.php' },
      context: { excerpt: EXCERPT },
    });
    expect((await preview(otherFile.log.id)).body).toMatchObject({ kind: 'none', reason: 'search_not_in_excerpt', message: expect.stringContaining('class-molam-webhooks.php') });
  });

  it('refuses a code patch that does not say what it replaces, and a bad excerpt, naming the field', async () => {
    await registerPlugin(server, 'pv-bad-1');
    const send = (overrides: Record<string, unknown>) =>
      server.request('POST', '/api/v1/plugins/autoheal', {
        as: 'sira',
        body: {
          plugin_id: 'pv-bad-1',
          detected_issue: 'x',
          issue_severity: 'high',
          patch_type: 'code_patch',
          proposed_patch: CODE_PATCH,
          sira_confidence: 40,
          ...overrides,
        },
      });
    const { search: _search, ...noSearch } = CODE_PATCH;
    const missing = await send({ proposed_patch: noSearch });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ field: 'body.proposed_patch.search', message: expect.stringContaining('search') });
    expect((await send({ proposed_patch: { ...CODE_PATCH, file: 42 } })).body.error.field).toBe('body.proposed_patch.file');
    const outside = await send({ context: { excerpt: { ...EXCERPT, failing_line: 300 } } });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toMatchObject({ field: 'body.context.excerpt.failing_line', message: expect.stringContaining('outside the excerpt') });
    const long = await send({ context: { excerpt: { ...EXCERPT, lines: Array.from({ length: 42 }, () => 'x') } } });
    expect(long.body.error.field).toBe('body.context.excerpt.lines');
    const template = await server.request('POST', '/api/v1/plugins/autoheal/rules', {
      as: 'dev_admin',
      body: {
        name: 'pv_code_without_search',
        error_pattern: 'pvtoken undefined method',
        platforms: ['woocommerce'],
        auto_apply: false,
        confidence: 50,
        action: 'replace_in_file',
        severity: 'high',
        patch_type: 'code_patch',
        patch_template: { file: 'a.php', replace: 'b' },
      },
    });
    expect(template.status).toBe(400);
    expect(template.body.error.field).toBe('body.patch_template.search');
  });

  it('keeps the excerpt a plugin.error carries, redacted before the event is stored', async () => {
    await registerPlugin(server, 'pv-int-1', { cms: 'shopify' });
    await upsertRule(server, {
      name: 'pv_undefined_total',
      description: 'A webhook handler reads a field Shopify renamed.',
      error_pattern: 'pvtoken cannot read properties of undefined',
      platforms: ['shopify'],
      auto_apply: false,
      confidence: 60,
      action: 'replace_in_file',
      severity: 'high',
      patch_type: 'code_patch',
      patch_template: { file: 'webhooks/orders.js', search: 'order.total_price_usd', replace: 'order.current_total_price' },
    });
    const excerpt = {
      file: 'webhooks/orders.js',
      start_line: 40,
      failing_line: 41,
      lines: ["const molam = new Molam({ apiKey: 'mk_live_9f8e7d6c5b4a' });", 'const amount = order.total_price_usd.amount;', 'await molam.capture(amount);'],
    };
    const sent = await server.request('POST', '/api/v1/plugins/interop/event', {
      as: 'merchant',
      body: {
        plugin_id: 'pv-int-1',
        event_type: 'plugin.error',
        payload: { message: "TypeError: pvtoken Cannot read properties of undefined (reading 'amount')", excerpt },
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.proposals).toHaveLength(1);
    const stored = await server.db.query<{ raw: string; normalized: string }>(
      'SELECT raw_payload::text AS raw, normalized_payload::text AS normalized FROM plugin_interop_events WHERE id = $1',
      [sent.body.id],
    );
    expect(stored.rows[0]!.raw + stored.rows[0]!.normalized).not.toContain('9f8e7d6c5b4a');

    const response = await preview(sent.body.proposals[0]);
    expect(response.body).toMatchObject({ kind: 'code', language: 'javascript', file: 'webhooks/orders.js', replacements: 1 });
    expect(response.body.after_lines[1]).toBe('const amount = order.current_total_price.amount;');
    expect(response.body.before_lines[0]).toBe("const molam = new Molam({ apiKey: '[REDACTED]' });");

    const bad = await server.request('POST', '/api/v1/plugins/interop/event', {
      as: 'merchant',
      body: { plugin_id: 'pv-int-1', event_type: 'plugin.error', payload: { message: 'x', excerpt: { ...excerpt, start_line: 0 } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.payload.excerpt.start_line');
    // Another event's `excerpt` is its own business (a product's short text).
    const product = await server.request('POST', '/api/v1/plugins/interop/event', {
      as: 'merchant',
      body: { plugin_id: 'pv-int-1', event_type: 'orders/create', payload: { id: 1, excerpt: 'Hand-woven basket' } },
    });
    expect(product.status).toBe(202);
  });

  it('redacts every text a plugin error report carries, and the issue a proposal records', async () => {
    await registerPlugin(server, 'pv-int-2', { cms: 'woocommerce' });
    const secret = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
    const sent = await server.request('POST', '/api/v1/plugins/interop/event', {
      as: 'merchant',
      body: {
        plugin_id: 'pv-int-2',
        event_type: 'plugin.error',
        payload: {
          message: `401 Unauthorized: API key ${secret} has expired`,
          context: { request: { headers: ['Authorization: Bearer tok.abc-123'] }, attempt: 2 },
        },
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const stored = await server.db.query<{ raw: string; normalized: string }>(
      'SELECT raw_payload::text AS raw, normalized_payload::text AS normalized FROM plugin_interop_events WHERE id = $1',
      [sent.body.id],
    );
    const texts = stored.rows[0]!.raw + stored.rows[0]!.normalized;
    expect(texts).not.toContain('4eC39HqLyjWDarjtT1zdp7dc');
    expect(texts).not.toContain('tok.abc-123');
    expect(texts).toContain('"attempt": 2');
    // The seed's api_key_expired rule still matched the redacted message and proposed a patch.
    expect(sent.body.proposals.length).toBeGreaterThan(0);
    for (const id of sent.body.proposals as string[]) {
      const log = await server.request('GET', `/api/v1/plugins/autoheal/logs/${id}`, { as: 'ops' });
      expect(log.body.log.detected_issue).toBe('401 Unauthorized: API key sk_live_[REDACTED] has expired');
    }

    const proposed = await server.request('POST', '/api/v1/plugins/autoheal', {
      as: 'sira',
      body: {
        plugin_id: 'pv-int-2',
        detected_issue: `Gateway refused: define('MOLAM_SECRET', 'hunter2-${secret}')`,
        issue_severity: 'low',
        patch_type: 'config_update',
        proposed_patch: { type: 'config_update', action: 'rotate_key', state_changes: { key_rotated: true } },
        sira_confidence: 40,
      },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body.log.detected_issue).toBe("Gateway refused: define('MOLAM_SECRET', '[REDACTED]')");
  });

  it('lets whoever reads the log read its preview, and names a bad or unknown id', async () => {
    await registerPlugin(server, 'pv-own-1');
    await registerPlugin(server, 'pv-own-2', { as: 'merchant2' });
    const { log } = await propose(server, 'pv-own-1');
    expect((await preview(log.id, 'merchant')).status).toBe(200);
    expect((await preview(log.id, 'merchant2')).status).toBe(403);
    expect((await preview(log.id, 'sdk')).status).toBe(403);
    const unknown = await preview(randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('healing log');
    const bad = await preview('not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('params.id');
  });
});
