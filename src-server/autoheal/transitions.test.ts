import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { autoApplied, pluginColumns, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

describe.each(testBackends())('healing-log review, apply and rollback on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  it('walks proposal → review → approve → apply → ack → applied → rollback, restoring the plugin exactly', async () => {
    await registerPlugin(server, 'tr-happy-1');
    const original = await pluginColumns(server, 'tr-happy-1');
    const proposed = await propose(server, 'tr-happy-1', { rule: 'memory_limit_exceeded', sira_confidence: 80 });
    expect(proposed.log).toMatchObject({ status: 'pending_review', version: 2 });

    const approved = await transition(server, proposed.log.id, 'approve', { version: 2, body: { comment: 'looks right' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ approvals_remaining: 0, command_id: null, log: { status: 'approved', version: 3 } });
    expect(approved.body.log.approvals).toEqual([
      expect.objectContaining({ by: 'test reviewer', role: 'reviewer', comment: 'looks right' }),
    ]);

    const applying = await transition(server, proposed.log.id, 'apply', { version: 3 });
    expect(applying.status).toBe(200);
    expect(applying.body.log).toMatchObject({ status: 'applying', applied_by: 'test ops', version: 4 });
    expect(applying.body.log.patched_state).toEqual({ memory_limit: '512M', mode: 'live' });

    const [command] = await poll(server, 'tr-happy-1');
    expect(command).toMatchObject({ id: applying.body.command_id, command_type: 'apply_patch', priority: 5 });
    const ack = await server.request('POST', `/api/v1/plugins/autoheal/commands/${command!.id}/ack`, {
      as: 'merchant',
      body: { success: true, result: { plugin_version: '1.4.1' } },
    });
    expect(ack.status).toBe(200);
    const detail = await server.request('GET', `/api/v1/plugins/autoheal/logs/${proposed.log.id}`, { as: 'ops' });
    expect(detail.body.log).toMatchObject({ status: 'applied', version: 5 });
    expect(detail.body.log.applied_at).not.toBeNull();
    const patched = await pluginColumns(server, 'tr-happy-1');
    expect(patched).toEqual({ ...original, plugin_version: '1.4.1', state: { memory_limit: '512M', mode: 'live' } });

    const rolledBack = await transition(server, proposed.log.id, 'rollback', { version: 5, body: { reason: 'checkout slower' } });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body.log).toMatchObject({ status: 'rolled_back', rolled_back_by: 'test ops', version: 6 });
    expect(rolledBack.body.log.rolled_back_at).not.toBeNull();
    expect(rolledBack.body.pause).toBeNull();
    expect(await pluginColumns(server, 'tr-happy-1')).toEqual(original);

    const rollbackCommand = await server.db.query('SELECT * FROM plugin_commands WHERE id = $1', [rolledBack.body.command_id]);
    expect(rollbackCommand.rows[0]).toMatchObject({
      command_type: 'rollback',
      priority: 9,
      payload: { healing_log_id: proposed.log.id, snapshot_id: rolledBack.body.log.snapshot_id, snapshot: original, reason: 'checkout slower' },
    });
    const final = await server.request('GET', `/api/v1/plugins/autoheal/logs/${proposed.log.id}`, { as: 'ops' });
    expect(final.body.snapshot.restored_at).not.toBeNull();
    expect(final.body.snapshot.snapshot_data).toEqual(original);
    expect(final.body.commands.map((c: { command_type: string }) => c.command_type)).toEqual(['apply_patch', 'rollback']);
    expect(final.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'healing_log.propose',
      'healing_log.review_required',
      'healing_log.approve',
      'healing_log.apply',
      'healing_log.applied',
      'healing_log.rollback',
    ]);
    expect(final.body.review_reason).toBe('confidence 80 is below the auto-apply threshold 85; rule memory_limit_exceeded does not allow auto-apply');
  });

  it('takes the state the plugin reports on success over the computed one', async () => {
    await registerPlugin(server, 'tr-reported-1');
    const { command_id, log } = await autoApplied(server, 'tr-reported-1');
    await poll(server, 'tr-reported-1');
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${command_id}/ack`, {
      as: 'merchant',
      body: { success: true, result: { state: { schema_version: 2, extra: true } } },
    });
    expect((await pluginColumns(server, 'tr-reported-1'))!.state).toEqual({ schema_version: 2, extra: true });
    const row = await server.db.query('SELECT status, patched_state FROM plugin_auto_healing_logs WHERE id = $1', [log.id]);
    expect(row.rows[0]).toEqual({ status: 'applied', patched_state: { schema_version: 2, extra: true } });
  });

  it('rolls back to the snapshot and fails the log when the plugin reports the apply failed', async () => {
    await registerPlugin(server, 'tr-fail-1');
    const original = await pluginColumns(server, 'tr-fail-1');
    const { log, command_id } = await autoApplied(server, 'tr-fail-1');
    // The plugin row drifted while the command was in flight; the failed apply restores the snapshot.
    await server.db.query(`UPDATE plugins SET state = '{"half": "applied"}', plugin_version = '9.9.9' WHERE id = 'tr-fail-1'`);
    await poll(server, 'tr-fail-1');
    const ack = await server.request('POST', `/api/v1/plugins/autoheal/commands/${command_id}/ack`, {
      as: 'merchant',
      body: { success: false, error: 'ALTER TABLE denied' },
    });
    expect(ack.status).toBe(200);
    const row = await server.db.query('SELECT status, failure_reason, version FROM plugin_auto_healing_logs WHERE id = $1', [log.id]);
    expect(row.rows[0]).toEqual({ status: 'failed', failure_reason: 'ALTER TABLE denied', version: 4 });
    expect(await pluginColumns(server, 'tr-fail-1')).toEqual(original);
    const snapshot = await server.db.query('SELECT restored_at FROM plugin_snapshots WHERE healing_log_id = $1', [log.id]);
    expect(snapshot.rows[0]!.restored_at).not.toBeNull();
  });

  it('needs two distinct reviewers for a critical proposal and refuses the same reviewer twice', async () => {
    await registerPlugin(server, 'tr-critical-1');
    const { log } = await propose(server, 'tr-critical-1', { rule: 'api_key_expired', issue_severity: 'critical', sira_confidence: 95 });
    expect(log.required_approvals).toBe(2);
    const first = await transition(server, log.id, 'approve');
    expect(first.body).toMatchObject({ approvals_remaining: 1, log: { status: 'pending_review', version: 3 } });
    const twice = await transition(server, log.id, 'approve');
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_approved');
    expect(twice.body.error.details.current).toMatchObject({ id: log.id, version: 3 });
    const second = await transition(server, log.id, 'approve', { as: 'reviewer2', version: 3 });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ approvals_remaining: 0, log: { status: 'approved', version: 4 } });
    expect(second.body.log.approvals.map((a: { by: string }) => a.by)).toEqual(['test reviewer', 'test reviewer2']);
  });

  it('rejects a pending proposal with the reason and then refuses to apply it', async () => {
    await registerPlugin(server, 'tr-reject-1');
    const { log } = await propose(server, 'tr-reject-1');
    const rejected = await transition(server, log.id, 'reject', { body: { reason: 'wrong diagnosis' }, version: 2 });
    expect(rejected.status).toBe(200);
    expect(rejected.body.log).toMatchObject({ status: 'rejected', rejection_reason: 'wrong diagnosis', version: 3 });
    const apply = await transition(server, log.id, 'apply');
    expect(apply.status).toBe(409);
    expect(apply.body.error.details.current.status).toBe('rejected');
  });

  it('gives an admin every staff transition', async () => {
    await registerPlugin(server, 'tr-admin-1');
    const { log } = await propose(server, 'tr-admin-1');
    expect((await transition(server, log.id, 'approve', { as: 'admin' })).status).toBe(200);
    expect((await transition(server, log.id, 'apply', { as: 'admin' })).status).toBe(200);
  });
});
