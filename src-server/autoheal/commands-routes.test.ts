import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { registerPlugin } from './autoheal-test-kit.js';

describe.each(testBackends())('plugin command queue on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const send = async (pluginId: string, commandType: string, priority: number, payload: Record<string, unknown> = {}) => {
    const response = await server.request('POST', '/api/v1/plugins/autoheal/commands', {
      as: 'ops',
      body: { plugin_id: pluginId, command_type: commandType, priority, payload },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; priority: number; status: string };
  };
  const poll = (pluginId: string, query = '', as: 'merchant' | 'merchant2' | 'ops' = 'merchant') =>
    server.request('GET', `/api/v1/plugins/autoheal/commands/${pluginId}${query}`, { as });
  const row = async (id: string) => (await server.db.query('SELECT * FROM plugin_commands WHERE id = $1', [id])).rows[0]!;
  const expireLease = (id: string, attempts?: number) =>
    server.db.query(
      `UPDATE plugin_commands SET lease_expires_at = now() - interval '1 second', attempts = COALESCE($2, attempts) WHERE id = $1`,
      [id, attempts ?? null],
    );

  it('lets ops queue a staff command that waits as pending', async () => {
    await registerPlugin(server, 'cmd-send-1');
    const command = await send('cmd-send-1', 'enable_debug', 7, { minutes: 30 });
    expect(command).toMatchObject({ plugin_id: 'cmd-send-1', command_type: 'enable_debug', status: 'pending', priority: 7, attempts: 0 });
    expect(command).toMatchObject({ payload: { minutes: 30 }, healing_log_id: null, lease_expires_at: null, version: 1 });
    const audit = await server.db.query("SELECT actor_role FROM audit_log WHERE action = 'command.send' AND entity_id = $1", [command.id]);
    expect(audit.rows).toEqual([{ actor_role: 'ops' }]);
  });

  it('refuses staff commands from other roles, for unknown plugins, and of healing types', async () => {
    const body = { plugin_id: 'cmd-send-1', command_type: 'restart' };
    for (const as of ['reviewer', 'sira', 'dev_admin', 'merchant', 'sdk'] as const) {
      expect((await server.request('POST', '/api/v1/plugins/autoheal/commands', { as, body })).status, as).toBe(403);
    }
    const unknown = await server.request('POST', '/api/v1/plugins/autoheal/commands', { as: 'ops', body: { ...body, plugin_id: 'nope-1' } });
    expect(unknown.status).toBe(404);
    const healing = await server.request('POST', '/api/v1/plugins/autoheal/commands', { as: 'ops', body: { ...body, command_type: 'apply_patch' } });
    expect(healing.status).toBe(400);
    expect(healing.body.error.field).toBe('body.command_type');
    const priority = await server.request('POST', '/api/v1/plugins/autoheal/commands', { as: 'ops', body: { ...body, priority: 11 } });
    expect(priority.body.error.field).toBe('body.priority');
  });

  it('hands out commands highest priority first, then oldest, each leased once', async () => {
    await registerPlugin(server, 'cmd-order-1');
    const low = await send('cmd-order-1', 'restart', 2);
    const high = await send('cmd-order-1', 'force_update', 9);
    const midOld = await send('cmd-order-1', 'enable_debug', 5);
    const midNew = await send('cmd-order-1', 'restart', 5);
    const first = await poll('cmd-order-1', '?limit=3&lease_seconds=120');
    expect(first.status).toBe(200);
    expect(first.body.commands.map((c: { id: string }) => c.id)).toEqual([high.id, midOld.id, midNew.id]);
    for (const command of first.body.commands) {
      expect(command).toMatchObject({ status: 'leased', attempts: 1, version: 2 });
      const seconds = (Date.parse(command.lease_expires_at) - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(60);
      expect(seconds).toBeLessThanOrEqual(121);
    }
    const second = await poll('cmd-order-1');
    expect(second.body.commands.map((c: { id: string }) => c.id)).toEqual([low.id]);
    expect((await poll('cmd-order-1')).body.commands).toEqual([]);
  });

  it('hands a command whose lease ran out back to the next poll, with one more attempt', async () => {
    await registerPlugin(server, 'cmd-lease-1');
    const command = await send('cmd-lease-1', 'restart', 5);
    expect((await poll('cmd-lease-1')).body.commands).toHaveLength(1);
    expect((await poll('cmd-lease-1')).body.commands).toHaveLength(0);
    await expireLease(command.id);
    const again = await poll('cmd-lease-1');
    expect(again.body.commands).toMatchObject([{ id: command.id, status: 'leased', attempts: 2, version: 3 }]);
    expect(Date.parse(again.body.commands[0].lease_expires_at)).toBeGreaterThan(Date.now());
  });

  it('expires a command whose last allowed lease ran out instead of handing it out again', async () => {
    await registerPlugin(server, 'cmd-max-1');
    const command = await send('cmd-max-1', 'force_update', 5);
    await poll('cmd-max-1');
    await expireLease(command.id, 5);
    expect((await poll('cmd-max-1')).body.commands).toEqual([]);
    expect(await row(command.id)).toMatchObject({ status: 'expired', attempts: 5, error: 'plugin did not acknowledge within 5 attempts' });
    const audit = await server.db.query("SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id", [command.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['command.send', 'command.expire']);
  });

  it('writes one audit row per poll that leased something, and touches the plugin', async () => {
    await registerPlugin(server, 'cmd-audit-1');
    await server.db.query("UPDATE plugins SET last_seen_at = now() - interval '1 hour' WHERE id = 'cmd-audit-1'");
    await send('cmd-audit-1', 'restart', 5);
    await send('cmd-audit-1', 'restart', 5);
    await poll('cmd-audit-1');
    await poll('cmd-audit-1');
    const audit = await server.db.query<{ actor_role: string; after: { command_ids: string[] } }>(
      "SELECT actor_role, after FROM audit_log WHERE action = 'command.lease' AND entity_id = 'cmd-audit-1'",
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_role: 'merchant', after: { lease_seconds: 60 } });
    expect(audit.rows[0]!.after.command_ids).toHaveLength(2);
    const seen = await server.db.query("SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM plugins WHERE id = 'cmd-audit-1'");
    expect(seen.rows[0]!.fresh).toBe(true);
  });

  it('never gives two concurrent polls of one plugin the same command, and loses none', async () => {
    await registerPlugin(server, 'cmd-race-1');
    const sent = [];
    for (let i = 0; i < 20; i++) sent.push(await send('cmd-race-1', 'restart', i % 3));
    const results = await Promise.all([1, 2, 3, 4].map(() => poll('cmd-race-1', '?limit=8')));
    const handed = results.flatMap((r) => r.body.commands.map((c: { id: string }) => c.id));
    expect(new Set(handed).size).toBe(handed.length);
    const rest = (await poll('cmd-race-1', '?limit=50')).body.commands.map((c: { id: string }) => c.id);
    expect([...handed, ...rest].sort()).toEqual(sent.map((c) => c.id).sort());
    const attempts = await server.db.query("SELECT DISTINCT attempts FROM plugin_commands WHERE plugin_id = 'cmd-race-1'");
    expect(attempts.rows).toEqual([{ attempts: 1 }]);
  });

  it("keeps a merchant to its own plugins' queue and lets ops read it", async () => {
    await registerPlugin(server, 'cmd-scope-1');
    await send('cmd-scope-1', 'restart', 5);
    expect((await poll('cmd-scope-1', '', 'merchant2')).status).toBe(403);
    expect(await server.db.query("SELECT status FROM plugin_commands WHERE plugin_id = 'cmd-scope-1'")).toMatchObject({
      rows: [{ status: 'pending' }],
    });
    for (const as of ['reviewer', 'sira', 'dev_admin', 'sdk'] as const) {
      expect((await server.request('GET', '/api/v1/plugins/autoheal/commands/cmd-scope-1', { as })).status, as).toBe(403);
    }
    expect((await poll('cmd-scope-1', '', 'ops')).body.commands).toMatchObject([{ status: 'pending', attempts: 0 }]);
    expect((await poll('cmd-scope-1', '', 'ops')).body.commands).toHaveLength(1);
    expect((await poll('nope-plugin-1')).status).toBe(404);
  });

  it('lets ops and admin read a queue without leasing, expiring, auditing or touching anything; the merchant poll still leases', async () => {
    await registerPlugin(server, 'cmd-read-1');
    const low = await send('cmd-read-1', 'restart', 2);
    const high = await send('cmd-read-1', 'force_update', 9);
    const exhausted = await send('cmd-read-1', 'enable_debug', 5);
    await poll('cmd-read-1', '?limit=1');
    await expireLease(high.id, 5);
    await server.db.query("UPDATE plugins SET last_seen_at = now() - interval '1 hour' WHERE id = 'cmd-read-1'");
    const auditBefore = await server.db.query("SELECT count(*)::int AS n FROM audit_log WHERE entity_id IN ('cmd-read-1', $1, $2, $3)", [
      low.id,
      high.id,
      exhausted.id,
    ]);
    const before = (await server.db.query("SELECT id, status, attempts, version FROM plugin_commands WHERE plugin_id = 'cmd-read-1' ORDER BY id")).rows;

    for (const as of ['ops', 'admin'] as const) {
      const read = await server.request('GET', '/api/v1/plugins/autoheal/commands/cmd-read-1?limit=10&lease_seconds=600', { as });
      expect(read.status, as).toBe(200);
      expect(read.body.commands.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
        [high.id, 'leased'],
        [exhausted.id, 'pending'],
        [low.id, 'pending'],
      ]);
    }
    const limited = await server.request('GET', '/api/v1/plugins/autoheal/commands/cmd-read-1?limit=1', { as: 'ops' });
    expect(limited.body.commands.map((c: { id: string }) => c.id)).toEqual([high.id]);
    expect((await server.db.query("SELECT id, status, attempts, version FROM plugin_commands WHERE plugin_id = 'cmd-read-1' ORDER BY id")).rows).toEqual(before);
    const auditAfter = await server.db.query("SELECT count(*)::int AS n FROM audit_log WHERE entity_id IN ('cmd-read-1', $1, $2, $3)", [
      low.id,
      high.id,
      exhausted.id,
    ]);
    expect(auditAfter.rows).toEqual(auditBefore.rows);
    const seen = await server.db.query("SELECT last_seen_at < now() - interval '30 minutes' AS stale FROM plugins WHERE id = 'cmd-read-1'");
    expect(seen.rows[0]!.stale).toBe(true);
    expect((await server.request('GET', '/api/v1/plugins/autoheal/commands/nope-plugin-2', { as: 'ops' })).status).toBe(404);

    // The plugin's own poll: the exhausted lease expires, the rest are leased to it.
    const leased = await poll('cmd-read-1', '?limit=10');
    expect(leased.body.commands.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      [exhausted.id, 'leased'],
      [low.id, 'leased'],
    ]);
    expect(await row(high.id)).toMatchObject({ status: 'expired' });
  });

  it('names the bad poll parameter', async () => {
    expect((await poll('cmd-scope-1', '?limit=0')).body.error.field).toBe('query.limit');
    expect((await poll('cmd-scope-1', '?limit=51')).body.error.field).toBe('query.limit');
    expect((await poll('cmd-scope-1', '?lease_seconds=1')).body.error.field).toBe('query.lease_seconds');
    expect((await poll('cmd-scope-1', '?lease_seconds=soon')).body.error.field).toBe('query.lease_seconds');
    expect((await poll('bad%20id')).body.error.field).toBe('params.plugin_id');
  });

  it('lists commands for staff, newest first, filtered and paginated without overlap', async () => {
    await registerPlugin(server, 'cmd-list-1');
    const sent = [await send('cmd-list-1', 'restart', 1), await send('cmd-list-1', 'restart', 2), await send('cmd-list-1', 'restart', 3)];
    await poll('cmd-list-1', '?limit=1');
    const list = (query: string, as: 'ops' | 'reviewer' | 'merchant' = 'reviewer') =>
      server.request('GET', `/api/v1/plugins/autoheal/commands?${query}`, { as });
    const first = await list('plugin_id=cmd-list-1&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([sent[2]!.id, sent[1]!.id]);
    const second = await list(`plugin_id=cmd-list-1&limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: sent[0]!.id })], next_cursor: null });
    const leased = await list('plugin_id=cmd-list-1&status=leased,succeeded');
    expect(leased.body.items.map((c: { id: string }) => c.id)).toEqual([sent[2]!.id]);
    const pending = await list('plugin_id=cmd-list-1&status=pending');
    expect(pending.body.items).toHaveLength(2);
    expect((await list('healing_log_id=00000000-0000-4000-8000-000000000000')).body.items).toEqual([]);
  });

  it('refuses the command list to merchants and the sdk, and names bad filters', async () => {
    for (const as of ['merchant', 'sdk'] as const) {
      expect((await server.request('GET', '/api/v1/plugins/autoheal/commands', { as })).status, as).toBe(403);
    }
    const bad = (query: string) => server.request('GET', `/api/v1/plugins/autoheal/commands?${query}`, { as: 'ops' });
    expect((await bad('status=waiting')).body.error.field).toBe('query.status.0');
    expect((await bad('healing_log_id=42')).body.error.field).toBe('query.healing_log_id');
    expect((await bad('cursor=abc')).body.error.field).toBe('query.cursor');
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
    expect((await bad(`cursor=${forged}`)).status).toBe(400);
  });
});
