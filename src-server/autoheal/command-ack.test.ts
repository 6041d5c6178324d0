import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer, type TokenName } from '../testing/harness.js';
import { sweepExhaustedLeases } from './lease-sweeper.js';
import { autoApplied, pluginColumns, registerPlugin } from './autoheal-test-kit.js';

const ORIGINAL = {
  cms_version: '8.2.1',
  plugin_version: '1.4.0',
  php_version: '8.1',
  state: { memory_limit: '128M', mode: 'live', debug: false },
};

describe.each(testBackends())('command acknowledgements on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const poll = async (pluginId: string) => {
    const response = await server.request('GET', `/api/v1/plugins/autoheal/commands/${pluginId}`, { as: 'merchant' });
    expect(response.status).toBe(200);
    return response.body.commands as Array<{ id: string; command_type: string }>;
  };
  const ack = (commandId: string, body: unknown, options: { as?: TokenName; key?: string } = {}) =>
    server.request('POST', `/api/v1/plugins/autoheal/commands/${commandId}/ack`, {
      as: options.as ?? 'merchant',
      body,
      headers: options.key ? { 'idempotency-key': options.key } : {},
    });
  const log = async (id: string) => (await server.db.query('SELECT * FROM plugin_auto_healing_logs WHERE id = $1', [id])).rows[0]!;
  /** An auto-applied proposal whose apply_patch command the plugin has leased. */
  const leasedApply = async (pluginId: string) => {
    await registerPlugin(server, pluginId);
    const applying = await autoApplied(server, pluginId);
    expect((await poll(pluginId)).map((c) => c.id)).toEqual([applying.command_id]);
    return { logId: applying.log.id, commandId: applying.command_id };
  };

  it('marks the log applied and gives the plugin the patched state when an apply succeeds', async () => {
    const { logId, commandId } = await leasedApply('ack-ok-1');
    const response = await ack(commandId, { success: true, result: { plugin_version: '1.4.1', took_ms: 120 } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: commandId, status: 'succeeded', result: { took_ms: 120 }, error: null, version: 3 });
    expect(response.body.acked_at).not.toBeNull();
    expect(await log(logId)).toMatchObject({ status: 'applied' });
    expect(await pluginColumns(server, 'ack-ok-1')).toMatchObject({
      plugin_version: '1.4.1',
      state: { ...ORIGINAL.state, schema_version: 2 },
    });
    const audit = await server.db.query("SELECT actor_role FROM audit_log WHERE action = 'command.ack' AND entity_id = $1", [commandId]);
    expect(audit.rows).toEqual([{ actor_role: 'merchant' }]);
  });

  it('rolls the plugin back to its snapshot and fails the log when an apply fails', async () => {
    const { logId, commandId } = await leasedApply('ack-fail-1');
    // The plugin half-applied before failing; the snapshot must win.
    await server.db.query(`UPDATE plugins SET state = '{"broken": true}'::jsonb, plugin_version = '9.9.9' WHERE id = 'ack-fail-1'`);
    const response = await ack(commandId, { success: false, error: 'ALTER TABLE failed: permission denied' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'failed', error: 'ALTER TABLE failed: permission denied', result: null });
    expect(await log(logId)).toMatchObject({ status: 'failed', failure_reason: 'ALTER TABLE failed: permission denied' });
    expect(await pluginColumns(server, 'ack-fail-1')).toEqual(ORIGINAL);
  });

  it('fails the log with a stated reason when the plugin gives none', async () => {
    const { logId, commandId } = await leasedApply('ack-fail-2');
    expect((await ack(commandId, { success: false })).body).toMatchObject({ status: 'failed', error: null });
    expect((await log(logId)).failure_reason).toBe('the plugin reported a failure without a message');
  });

  it('rolls back and fails an apply whose plugin never acknowledged within the allowed attempts', async () => {
    const { logId, commandId } = await leasedApply('ack-expire-1');
    await server.db.query(
      `UPDATE plugin_commands SET attempts = max_attempts, lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [commandId],
    );
    await server.db.query(`UPDATE plugins SET state = '{"half": "applied"}'::jsonb WHERE id = 'ack-expire-1'`);
    expect(await poll('ack-expire-1')).toEqual([]);
    const command = (await server.db.query('SELECT status FROM plugin_commands WHERE id = $1', [commandId])).rows[0]!;
    expect(command.status).toBe('expired');
    expect(await log(logId)).toMatchObject({ status: 'failed', failure_reason: 'plugin did not acknowledge within 5 attempts' });
    expect(await pluginColumns(server, 'ack-expire-1')).toEqual(ORIGINAL);
    const late = await ack(commandId, { success: true });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'command_not_leased', details: { current: { status: 'expired' } } });
  });

  it('expires the apply of a plugin that stopped polling, through the server-wide lease sweep', async () => {
    const { logId, commandId } = await leasedApply('ack-sweep-1');
    await server.db.query(
      `UPDATE plugin_commands SET attempts = max_attempts, lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [commandId],
    );
    expect(await sweepExhaustedLeases(server.built.context)).toBeGreaterThanOrEqual(1);
    const command = (await server.db.query('SELECT status FROM plugin_commands WHERE id = $1', [commandId])).rows[0]!;
    expect(command.status).toBe('expired');
    expect(await log(logId)).toMatchObject({ status: 'failed' });
    expect(await pluginColumns(server, 'ack-sweep-1')).toEqual(ORIGINAL);
  });

  it('answers a second acknowledgement with 409 and the recorded outcome, and replays a retried one', async () => {
    const { logId, commandId } = await leasedApply('ack-twice-1');
    const first = await ack(commandId, { success: true }, { key: 'ack-twice-1-key' });
    expect(first.status).toBe(200);
    const replay = await ack(commandId, { success: true }, { key: 'ack-twice-1-key' });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const again = await ack(commandId, { success: false, error: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'already_acknowledged', details: { current: { id: commandId, status: 'succeeded' } } });
    expect((await log(logId)).status).toBe('applied');
  });

  it('records the plugin report even when its healing log was settled in the meantime', async () => {
    const { logId, commandId } = await leasedApply('ack-settled-1');
    await server.db.query("UPDATE plugin_auto_healing_logs SET status = 'applied' WHERE id = $1", [logId]);
    const response = await ack(commandId, { success: false, error: 'too late' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'failed', error: 'too late' });
    expect(await log(logId)).toMatchObject({ status: 'applied', failure_reason: null });
    expect(await pluginColumns(server, 'ack-settled-1')).toEqual(ORIGINAL);
  });

  it('refuses an acknowledgement that names a stale command version', async () => {
    const { commandId } = await leasedApply('ack-stale-1');
    const response = await server.request('POST', `/api/v1/plugins/autoheal/commands/${commandId}/ack`, {
      as: 'merchant',
      body: { success: true },
      headers: { 'if-match': '"1"' },
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'stale_version', details: { current: { status: 'leased', version: 2 } } });
  });

  it('refuses to acknowledge a command that was never leased', async () => {
    await registerPlugin(server, 'ack-pending-1');
    const sent = await server.request('POST', '/api/v1/plugins/autoheal/commands', {
      as: 'ops',
      body: { plugin_id: 'ack-pending-1', command_type: 'restart' },
    });
    const response = await ack(sent.body.id, { success: true });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'command_not_leased', details: { current: { status: 'pending' } } });
  });

  it('records the outcome of a staff command without touching any healing log', async () => {
    await registerPlugin(server, 'ack-restart-1');
    await server.request('POST', '/api/v1/plugins/autoheal/commands', { as: 'ops', body: { plugin_id: 'ack-restart-1', command_type: 'restart' } });
    const [command] = await poll('ack-restart-1');
    const response = await ack(command!.id, { success: false, error: 'php-fpm did not come back' });
    expect(response.body).toMatchObject({ command_type: 'restart', status: 'failed', error: 'php-fpm did not come back' });
  });

  it("keeps merchants to their own plugins' commands and other roles out", async () => {
    const { logId, commandId } = await leasedApply('ack-scope-1');
    expect((await ack(commandId, { success: false }, { as: 'merchant2' })).status).toBe(403);
    for (const as of ['reviewer', 'sira', 'dev_admin', 'sdk'] as const) {
      expect((await ack(commandId, { success: true }, { as })).status, as).toBe(403);
    }
    expect((await log(logId)).status).toBe('applying');
    expect((await ack(commandId, { success: true }, { as: 'ops' })).status).toBe(200);
  });

  it('names what is wrong with a bad acknowledgement', async () => {
    const unknown = await ack('00000000-0000-4000-8000-000000000000', { success: true });
    expect(unknown.status).toBe(404);
    expect((await ack('not-a-uuid', { success: true })).body.error.field).toBe('params.command_id');
    expect((await ack('00000000-0000-4000-8000-000000000000', {})).body.error.field).toBe('body.success');
    expect((await ack('00000000-0000-4000-8000-000000000000', { success: 'yes' })).body.error.field).toBe('body.success');
    const long = await ack('00000000-0000-4000-8000-000000000000', { success: false, error: 'x'.repeat(4001) });
    expect(long.body.error.field).toBe('body.error');
    const result = await ack('00000000-0000-4000-8000-000000000000', { success: true, result: [1, 2] });
    expect(result.body.error.field).toBe('body.result');
  });
});
