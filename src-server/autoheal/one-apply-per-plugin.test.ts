import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyConflictDetailsSchema } from '../../src-shared/schemas/autoheal.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { pluginColumns, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

const MISSING_COLUMN = "Unknown column 'merchant_fee' in field list";
/** A confident proposal of the seed's auto-applying rule: automation applies it when it may. */
const confident = (detected_issue = MISSING_COLUMN) => ({
  rule: 'missing_database_column',
  detected_issue,
  issue_severity: 'high',
  patch_type: 'database_patch',
  proposed_patch: { type: 'database_patch', action: 'add_column', state_changes: { schema_version: 2 } },
  sira_confidence: 95,
});

describe.each(testBackends())('one patch applying at a time on a plugin on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const ack = (commandId: string, success = true) =>
    server.request('POST', `/api/v1/plugins/autoheal/commands/${commandId}/ack`, { as: 'merchant', body: { success } });

  /** Proposes a patch setting `changes` on the plugin (below any threshold) and approves it. */
  async function approved(pluginId: string, issue: string, changes: Record<string, unknown>) {
    const { log } = await propose(server, pluginId, {
      detected_issue: issue,
      proposed_patch: { type: 'config_update', action: 'update_config', state_changes: changes },
    });
    const done = await transition(server, log.id, 'approve');
    expect(done.status).toBe(200);
    return done.body.log as { id: string; version: number };
  }
  const logRow = async (id: string) => (await server.db.query('SELECT * FROM plugin_auto_healing_logs WHERE id = $1', [id])).rows[0]!;
  const count = async (sql: string, params: unknown[]) => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

  it('refuses a second apply while the first is applying (409 plugin_busy naming it), then takes it on top of the first', async () => {
    await registerPlugin(server, 'busy-two-1');
    const a = await approved('busy-two-1', 'cURL error 28: Operation timed out', { timeout: 30 });
    const b = await approved('busy-two-1', 'Allowed memory size exhausted', { memory_limit: '512M' });
    const first = await transition(server, a.id, 'apply');
    expect(first.status).toBe(200);

    const refused = await transition(server, b.id, 'apply', { version: b.version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('plugin_busy');
    expect(refused.body.error.message).toContain(a.id);
    const details = ApplyConflictDetailsSchema.parse(refused.body.error.details);
    expect(details.current).toMatchObject({ id: b.id, status: 'approved', version: b.version, snapshot_id: null });
    expect(details.applying).toEqual({
      log_id: a.id,
      status: 'applying',
      since: expect.any(String),
      rule_id: null,
      rule: null,
      detected_issue: 'cURL error 28: Operation timed out',
      auto_applied: false,
      version: first.body.log.version,
      command_id: first.body.command_id,
      command_status: 'pending',
    });
    // Nothing of the refused apply was written: no snapshot, no command, the log untouched.
    expect(await logRow(b.id)).toMatchObject({ status: 'approved', version: b.version, snapshot_id: null, patched_state: null });
    expect(await count('plugin_commands WHERE healing_log_id = $1', [b.id])).toBe(0);
    expect(await count('plugin_snapshots WHERE healing_log_id = $1', [b.id])).toBe(0);

    // Still refused once the plugin has leased the first apply, which the 409 says.
    await poll(server, 'busy-two-1');
    const whileLeased = await transition(server, b.id, 'apply');
    expect(whileLeased.body.error).toMatchObject({ code: 'plugin_busy', details: { applying: { log_id: a.id, command_status: 'leased' } } });

    expect((await ack(first.body.command_id)).status).toBe(200);
    const second = await transition(server, b.id, 'apply', { version: b.version });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    // B was computed from the plugin as A left it, so acknowledging B keeps A's change.
    expect(second.body.log.patched_state).toMatchObject({ timeout: 30, memory_limit: '512M' });
    await poll(server, 'busy-two-1');
    expect((await ack(second.body.command_id)).status).toBe(200);
    expect((await pluginColumns(server, 'busy-two-1'))!.state).toMatchObject({ timeout: 30, memory_limit: '512M' });
    expect(await logRow(a.id)).toMatchObject({ status: 'applied' });
    expect(await logRow(b.id)).toMatchObject({ status: 'applied' });
    // Snapshots in apply order, B's holding A's change: rolling B back returns to A's state exactly.
    const snapshots = await server.db.query<{ healing_log_id: string; state: Record<string, unknown> }>(
      "SELECT healing_log_id, snapshot_data->'state' AS state FROM plugin_snapshots WHERE plugin_id = 'busy-two-1' ORDER BY seq",
    );
    expect(snapshots.rows.map((s) => s.healing_log_id)).toEqual([a.id, b.id]);
    expect(snapshots.rows[1]!.state).toMatchObject({ timeout: 30 });
  });

  it('takes the next apply once the first has failed, and keeps another plugin free meanwhile', async () => {
    await registerPlugin(server, 'busy-fail-1');
    await registerPlugin(server, 'busy-other-1');
    const a = await approved('busy-fail-1', 'cURL error 28: Operation timed out', { timeout: 30 });
    const b = await approved('busy-fail-1', 'Allowed memory size exhausted', { memory_limit: '512M' });
    const elsewhere = await approved('busy-other-1', 'Allowed memory size exhausted', { memory_limit: '512M' });
    const first = await transition(server, a.id, 'apply');
    expect((await transition(server, b.id, 'apply')).body.error.code).toBe('plugin_busy');
    expect((await transition(server, elsewhere.id, 'apply')).status).toBe(200);
    await poll(server, 'busy-fail-1');
    expect((await ack(first.body.command_id, false)).status).toBe(200);
    expect(await logRow(a.id)).toMatchObject({ status: 'failed' });
    const second = await transition(server, b.id, 'apply');
    expect(second.status).toBe(200);
    expect(second.body.log.patched_state).not.toHaveProperty('timeout');
  });

  it('sends a proposal automation would apply to review while another patch on the plugin is applying, and says why', async () => {
    await registerPlugin(server, 'busy-auto-1');
    const a = await approved('busy-auto-1', 'cURL error 28: Operation timed out', { timeout: 30 });
    const first = await transition(server, a.id, 'apply');
    expect(first.status).toBe(200);

    const waiting = await propose(server, 'busy-auto-1', confident());
    expect(waiting).toMatchObject({ auto_applied: false, command_id: null, log: { status: 'pending_review', auto_applied: false, snapshot_id: null } });
    expect(waiting.review_reason).toMatch(/^another patch is being applied on the plugin: /);
    expect(waiting.review_reason).toContain(a.id);
    expect(await count('plugin_commands WHERE healing_log_id = $1', [waiting.log.id])).toBe(0);
    const detail = await server.request('GET', `/api/v1/plugins/autoheal/logs/${waiting.log.id}`, { as: 'ops' });
    expect(detail.body.review_reason).toBe(waiting.review_reason);
    expect(detail.body.audit.map((entry: { action: string }) => entry.action)).toEqual(['healing_log.propose', 'healing_log.review_required']);

    // Once the plugin acknowledged the first patch, the next confident proposal is applied by automation again.
    await poll(server, 'busy-auto-1');
    await ack(first.body.command_id);
    const next = await propose(server, 'busy-auto-1', confident());
    expect(next).toMatchObject({ auto_applied: true, log: { status: 'applying' } });
    expect(await logRow(waiting.log.id)).toMatchObject({ status: 'superseded', superseded_by: next.log.id });
  });

  it('applies only the first of two auto-applying rules a plugin error matches; the second waits for review', async () => {
    await registerPlugin(server, 'busy-rules-1', { cms: 'magento' });
    const rule = await server.request('POST', '/api/v1/plugins/autoheal/rules', {
      as: 'dev_admin',
      body: {
        name: 'magento_missing_column_reindex',
        error_pattern: 'Unknown column',
        platforms: ['magento'],
        auto_apply: true,
        confidence: 95,
        action: 'reindex',
        severity: 'high',
        patch_type: 'database_patch',
        patch_template: { type: 'database_patch', action: 'reindex', state_changes: { indexed: true } },
      },
    });
    expect(rule.status).toBe(200);
    const sent = await server.request('POST', '/api/v1/plugins/interop/event', {
      as: 'merchant',
      body: { plugin_id: 'busy-rules-1', event_type: 'plugin.error', payload: { message: MISSING_COLUMN } },
    });
    expect(sent.status).toBe(202);
    expect(sent.body.proposals).toHaveLength(2);
    const { rows } = await server.db.query<{ id: string; status: string; rule: string }>(
      `SELECT l.id, l.status, r.name AS rule FROM plugin_auto_healing_logs l JOIN auto_healing_rules r ON r.id = l.rule_id
        WHERE l.plugin_id = 'busy-rules-1' ORDER BY r.name`,
    );
    // Rules are proposed in name order: the first one applies, the second finds it applying.
    expect(rows.map((row) => [row.rule, row.status])).toEqual([
      ['magento_missing_column_reindex', 'applying'],
      ['missing_database_column', 'pending_review'],
    ]);
    const detail = await server.request('GET', `/api/v1/plugins/autoheal/logs/${rows[1]!.id}`, { as: 'ops' });
    expect(detail.body.review_reason).toContain(`another patch is being applied on the plugin: patch ${rows[0]!.id}`);
  });

  it('starts exactly one of many concurrent applies and confident proposals on one plugin', async () => {
    await registerPlugin(server, 'busy-race-1');
    const logs = [];
    for (let i = 0; i < 10; i++) logs.push(await approved('busy-race-1', `Allowed memory size exhausted (worker ${i})`, { [`limit_${i}`]: i }));
    const answers = await Promise.all([
      ...logs.map((log) => transition(server, log.id, 'apply')),
      ...[0, 1, 2, 3].map((i) =>
        server.request('POST', '/api/v1/plugins/autoheal', { as: 'sira', body: { plugin_id: 'busy-race-1', ...confident(`${MISSING_COLUMN} (query ${i})`) } }),
      ),
    ]);
    const applies = answers.slice(0, logs.length);
    const proposals = answers.slice(logs.length);
    expect(applies.every((answer) => answer.status === 200 || answer.status === 409), JSON.stringify(applies.map((a) => a.status))).toBe(true);
    expect(proposals.every((answer) => answer.status === 201)).toBe(true);
    const started = [...applies.filter((answer) => answer.status === 200), ...proposals.filter((answer) => answer.body.auto_applied)];
    expect(started).toHaveLength(1);
    const winner = started[0]!.body.log.id as string;

    for (const refused of applies.filter((answer) => answer.status === 409)) {
      expect(refused.body.error).toMatchObject({ code: 'plugin_busy', details: { applying: { log_id: winner } } });
    }
    for (const waiting of proposals.filter((answer) => !answer.body.auto_applied)) {
      expect(waiting.body.log.status).toBe('pending_review');
      expect(waiting.body.review_reason).toContain(`patch ${winner} has been applying`);
    }
    expect(await count("plugin_auto_healing_logs WHERE plugin_id = $1 AND status = 'applying'", ['busy-race-1'])).toBe(1);
    expect(await count("plugin_commands WHERE plugin_id = $1 AND command_type = 'apply_patch'", ['busy-race-1'])).toBe(1);
    expect(await count('plugin_snapshots WHERE plugin_id = $1', ['busy-race-1'])).toBe(1);
  });

  it('documents the refused apply in the OpenAPI document', async () => {
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    const operation = doc.body.paths['/api/v1/plugins/autoheal/{id}/apply'].post;
    const conflict = operation.responses['409'].content['application/json'].schema.properties.error.properties;
    expect(conflict.code.enum).toEqual(expect.arrayContaining(['plugin_busy', 'invalid_transition', 'stale_version']));
    expect(conflict.details.properties.applying.properties).toHaveProperty('log_id');
    expect(conflict.details.properties.applying.properties).toHaveProperty('since');
  });
});
