import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { autoApplied, propose, proposal, registerPlugin } from './autoheal-test-kit.js';

describe.each(testBackends())('healing proposals on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  it('auto-applies a confident proposal of an auto-apply rule: snapshot and apply_patch command, no human', async () => {
    await registerPlugin(server, 'prop-auto-1');
    const { log, command_id } = await autoApplied(server, 'prop-auto-1');
    expect(log).toMatchObject({ status: 'applying', auto_applied: true, version: 3, applied_by: 'test sira' });
    const snapshot = await server.db.query('SELECT * FROM plugin_snapshots WHERE healing_log_id = $1', [log.id]);
    expect(snapshot.rows).toHaveLength(1);
    expect(snapshot.rows[0]!.snapshot_data).toEqual({
      cms_version: '8.2.1',
      plugin_version: '1.4.0',
      php_version: '8.1',
      state: { memory_limit: '128M', mode: 'live', debug: false },
    });
    expect(log).toMatchObject({
      snapshot_id: snapshot.rows[0]!.id,
      patched_state: { memory_limit: '128M', mode: 'live', debug: false, schema_version: 2 },
    });
    const command = await server.db.query('SELECT * FROM plugin_commands WHERE id = $1', [command_id]);
    expect(command.rows[0]).toMatchObject({
      command_type: 'apply_patch',
      status: 'pending',
      priority: 8,
      healing_log_id: log.id,
      payload: { healing_log_id: log.id, snapshot_id: snapshot.rows[0]!.id, patch: { action: 'add_column', column: 'molam_ref' } },
    });
    const audit = await server.db.query("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", [log.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['healing_log.propose', 'healing_log.auto_approve', 'healing_log.apply']);
  });

  it('auto-applies a proposal without a rule at the default threshold of 85', async () => {
    await registerPlugin(server, 'prop-norule-1');
    const body = await propose(server, 'prop-norule-1', { sira_confidence: 85 });
    expect(body).toMatchObject({ auto_applied: true, review_reason: null, log: { status: 'applying', rule_id: null } });
    expect(body.log.patched_state).toEqual({ memory_limit: '512M', mode: 'live' });
  });

  it('sends a proposal below the threshold to review, saying why', async () => {
    await registerPlugin(server, 'prop-low-1');
    const body = await propose(server, 'prop-low-1', { sira_confidence: 84.5 });
    expect(body).toMatchObject({ auto_applied: false, command_id: null, log: { status: 'pending_review', version: 2 } });
    expect(body.review_reason).toBe('confidence 84.5 is below the auto-apply threshold 85');
    const commands = await server.db.query('SELECT 1 FROM plugin_commands WHERE healing_log_id = $1', [body.log.id]);
    expect(commands.rows).toHaveLength(0);
  });

  it("sends a proposal to review at 99 when its rule does not allow auto-apply", async () => {
    await registerPlugin(server, 'prop-rule-off-1');
    const body = await propose(server, 'prop-rule-off-1', { rule: 'memory_limit_exceeded', sira_confidence: 99 });
    expect(body.log.status).toBe('pending_review');
    expect(body.review_reason).toBe('rule memory_limit_exceeded does not allow auto-apply');
  });

  it('honours a rule threshold and refuses an inactive rule the auto path', async () => {
    await registerPlugin(server, 'prop-rule-thr-1');
    await server.db.query("UPDATE auto_healing_rules SET auto_apply_threshold = 97 WHERE name = 'missing_database_column'");
    try {
      const low = await propose(server, 'prop-rule-thr-1', { rule: 'missing_database_column', sira_confidence: 96 });
      expect(low.review_reason).toBe('confidence 96 is below the auto-apply threshold 97');
      await server.db.query("UPDATE auto_healing_rules SET active = false WHERE name = 'missing_database_column'");
      const inactive = await propose(server, 'prop-rule-thr-1', { rule: 'missing_database_column', sira_confidence: 99 });
      expect(inactive.review_reason).toBe('rule missing_database_column is inactive, so it does not auto-apply');
    } finally {
      await server.db.query("UPDATE auto_healing_rules SET auto_apply_threshold = 85, active = true WHERE name = 'missing_database_column'");
    }
  });

  it('takes the required approvals from the policy by severity', async () => {
    await registerPlugin(server, 'prop-policy-1');
    const medium = await propose(server, 'prop-policy-1', { issue_severity: 'medium' });
    const critical = await propose(server, 'prop-policy-1', { issue_severity: 'critical', detected_issue: 'API key refused' });
    expect(medium.log.required_approvals).toBe(1);
    expect(critical.log.required_approvals).toBe(2);
  });

  it('supersedes the older open proposal of the same plugin and rule, and leaves others alone', async () => {
    await registerPlugin(server, 'prop-super-1');
    await registerPlugin(server, 'prop-super-2');
    const first = await propose(server, 'prop-super-1', { rule: 'memory_limit_exceeded' });
    const otherPlugin = await propose(server, 'prop-super-2', { rule: 'memory_limit_exceeded' });
    const noRule = await propose(server, 'prop-super-1', { detected_issue: 'something else' });
    const second = await propose(server, 'prop-super-1', { rule: 'memory_limit_exceeded' });
    const rows = await server.db.query('SELECT id, status, superseded_by, version FROM plugin_auto_healing_logs WHERE id = ANY($1::uuid[])', [
      [first.log.id, otherPlugin.log.id, noRule.log.id, second.log.id],
    ]);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    expect(byId.get(first.log.id)).toMatchObject({ status: 'superseded', superseded_by: second.log.id, version: 3 });
    expect(byId.get(otherPlugin.log.id)).toMatchObject({ status: 'pending_review', superseded_by: null });
    expect(byId.get(noRule.log.id)).toMatchObject({ status: 'pending_review' });
    expect(byId.get(second.log.id)).toMatchObject({ status: 'pending_review' });
  });

  it('supersedes a rule-less proposal only by one with the same detected issue', async () => {
    await registerPlugin(server, 'prop-super-3');
    const first = await propose(server, 'prop-super-3', { detected_issue: 'disk full' });
    const other = await propose(server, 'prop-super-3', { detected_issue: 'disk nearly full' });
    const again = await propose(server, 'prop-super-3', { detected_issue: 'disk full' });
    const rows = await server.db.query('SELECT id, status, superseded_by FROM plugin_auto_healing_logs WHERE plugin_id = $1', ['prop-super-3']);
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    expect(byId.get(first.log.id)).toMatchObject({ status: 'superseded', superseded_by: again.log.id });
    expect(byId.get(other.log.id)!.status).toBe('pending_review');
  });

  it('counts proposals by outcome in the metrics', async () => {
    await registerPlugin(server, 'prop-metrics-1');
    const read = async () => (await server.request('GET', '/metrics', { as: null })).body as string;
    const count = (text: string, outcome: string) =>
      Number(new RegExp(`molam_healing_proposals_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    const before = await read();
    await propose(server, 'prop-metrics-1', { sira_confidence: 10 });
    const after = await read();
    expect(count(after, 'pending_review')).toBe(count(before, 'pending_review') + 1);
  });

  it('lets only sira (and admin) propose', async () => {
    await registerPlugin(server, 'prop-roles-1');
    for (const as of ['merchant', 'ops', 'reviewer', 'dev_admin', 'sdk'] as const) {
      const denied = await server.request('POST', '/api/v1/plugins/autoheal', { as, body: proposal('prop-roles-1') });
      expect(denied.status, as).toBe(403);
    }
    expect((await server.request('POST', '/api/v1/plugins/autoheal', { as: null, body: proposal('prop-roles-1') })).status).toBe(401);
    const admin = await server.request('POST', '/api/v1/plugins/autoheal', { as: 'admin', body: proposal('prop-roles-1') });
    expect(admin.status).toBe(201);
    expect(admin.body.log.created_by).toBe('test admin');
  });

  it('names the bad field: confidence 101, unknown severity, unknown patch type, missing issue, unknown rule', async () => {
    await registerPlugin(server, 'prop-bad-1');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sira_confidence: 101 }, 'body.sira_confidence'],
      [{ sira_confidence: -1 }, 'body.sira_confidence'],
      [{ sira_confidence: 'high' }, 'body.sira_confidence'],
      [{ issue_severity: 'urgent' }, 'body.issue_severity'],
      [{ patch_type: 'magic' }, 'body.patch_type'],
      [{ detected_issue: '' }, 'body.detected_issue'],
      [{ proposed_patch: { type: 'config_update' } }, 'body.proposed_patch.action'],
      [{ proposed_patch: { type: 'config_update', action: 'x', state_changes: [1] } }, 'body.proposed_patch.state_changes'],
      [{ plugin_id: 'bad id!' }, 'body.plugin_id'],
      [{ rule: 'no_such_rule' }, 'body.rule'],
    ];
    for (const [overrides, field] of cases) {
      const bad = await server.request('POST', '/api/v1/plugins/autoheal', { as: 'sira', body: proposal('prop-bad-1', overrides) });
      expect(bad.status, field).toBe(400);
      expect(bad.body.error.field).toBe(field);
    }
    const noBody = await server.request('POST', '/api/v1/plugins/autoheal', { as: 'sira' });
    expect(noBody.status).toBe(400);
    const unknownPlugin = await server.request('POST', '/api/v1/plugins/autoheal', { as: 'sira', body: proposal('prop-nobody') });
    expect(unknownPlugin.status).toBe(404);
    const logs = await server.db.query('SELECT 1 FROM plugin_auto_healing_logs WHERE plugin_id = $1', ['prop-bad-1']);
    expect(logs.rows).toHaveLength(0);
  });
});
