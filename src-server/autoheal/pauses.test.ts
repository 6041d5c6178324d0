import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { autoApplied, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

describe.each(testBackends())('auto-apply pauses and the approval policy on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  /** Auto-applies on `pluginId`, acks success and rolls back as ops; returns the rollback answer. */
  async function rollBackAutoApplied(pluginId: string) {
    const { log, command_id } = await autoApplied(server, pluginId);
    await poll(server, pluginId);
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${command_id}/ack`, { as: 'merchant', body: { success: true } });
    const rolledBack = await transition(server, log.id, 'rollback', { body: { reason: 'broke checkout' } });
    expect(rolledBack.status).toBe(200);
    return rolledBack.body;
  }

  const pauses = (query = '', as: 'ops' | 'reviewer' | 'merchant' | 'sdk' = 'ops') =>
    server.request('GET', `/api/v1/plugins/autoheal/pauses${query}`, { as });

  it('pauses auto-apply of a rolled-back rule on that plugin until ops resumes it', async () => {
    await registerPlugin(server, 'ps-pause-1');
    await registerPlugin(server, 'ps-pause-2');
    const rolledBack = await rollBackAutoApplied('ps-pause-1');
    expect(rolledBack.pause).toMatchObject({
      rule_name: 'missing_database_column',
      plugin_id: 'ps-pause-1',
      healing_log_id: rolledBack.log.id,
      paused_by: 'test ops',
      reason: 'auto-applied patch rolled back by test ops: broke checkout',
      resumed_at: null,
      version: 1,
    });

    const listed = await pauses('?active=true&plugin_id=ps-pause-1');
    expect(listed.body.items).toEqual([rolledBack.pause]);

    const paused = await propose(server, 'ps-pause-1', {
      rule: 'missing_database_column',
      issue_severity: 'high',
      detected_issue: "Unknown column 'molam_ref' in field list",
      sira_confidence: 99,
    });
    expect(paused.auto_applied).toBe(false);
    expect(paused.log.status).toBe('pending_review');
    expect(paused.review_reason).toMatch(/^auto-apply is paused for rule missing_database_column on plugin ps-pause-1 by test ops since /);

    // The same rule still auto-applies on a plugin nobody rolled back.
    expect((await autoApplied(server, 'ps-pause-2')).log.status).toBe('applying');

    const pauseId = rolledBack.pause.id as string;
    const stale = await server.request('POST', `/api/v1/plugins/autoheal/pauses/${pauseId}/resume`, { as: 'ops', headers: { 'if-match': '7' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_version', details: { current: { id: pauseId, version: 1 } } });
    const resumed = await server.request('POST', `/api/v1/plugins/autoheal/pauses/${pauseId}/resume`, { as: 'ops', headers: { 'if-match': '1' } });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ id: pauseId, resumed_by: 'test ops', version: 2 });
    expect(resumed.body.resumed_at).not.toBeNull();
    const twice = await server.request('POST', `/api/v1/plugins/autoheal/pauses/${pauseId}/resume`, { as: 'ops' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('already_resumed');

    expect((await pauses('?active=true&plugin_id=ps-pause-1')).body.items).toEqual([]);
    expect((await pauses('?active=false&plugin_id=ps-pause-1')).body.items).toEqual([resumed.body]);
    expect((await autoApplied(server, 'ps-pause-1')).log.status).toBe('applying');
    const audit = await server.db.query("SELECT action FROM audit_log WHERE entity_type = 'auto_apply_pause' AND entity_id = $1 ORDER BY id", [pauseId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['auto_apply_pause.create', 'auto_apply_pause.resume']);
  });

  it('keeps one pause in force when a second auto-applied patch of the rule is rolled back', async () => {
    await registerPlugin(server, 'ps-pause-3');
    const first = await rollBackAutoApplied('ps-pause-3');
    // A patch of the same rule auto-applied before the pause took effect (made here by hand).
    const { log } = await propose(server, 'ps-pause-3', { rule: 'missing_database_column', sira_confidence: 99 });
    await server.db.query("UPDATE plugin_auto_healing_logs SET status = 'approved', auto_applied = true WHERE id = $1", [log.id]);
    const applying = await transition(server, log.id, 'apply');
    // The apply waits until the plugin has acknowledged the rollback queued before it.
    for (const rollback of await poll(server, 'ps-pause-3')) {
      expect(rollback.command_type).toBe('rollback');
      await server.request('POST', `/api/v1/plugins/autoheal/commands/${rollback.id}/ack`, { as: 'merchant', body: { success: true } });
    }
    const commands = await poll(server, 'ps-pause-3');
    const apply = commands.find((c) => c.id === applying.body.command_id)!;
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${apply.id}/ack`, { as: 'merchant', body: { success: true } });
    const second = await transition(server, log.id, 'rollback');
    expect(second.status).toBe(200);
    expect(second.body.pause.id).toBe(first.pause.id);
    const rows = await server.db.query('SELECT 1 FROM auto_apply_pauses WHERE plugin_id = $1', ['ps-pause-3']);
    expect(rows.rows).toHaveLength(1);
  });

  it('pages pauses newest first and refuses a forged cursor', async () => {
    for (const id of ['ps-page-1', 'ps-page-2', 'ps-page-3']) {
      await registerPlugin(server, id);
      await rollBackAutoApplied(id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await pauses(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p: { plugin_id: string }) => p.plugin_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.filter((id) => id.startsWith('ps-page-'))).toEqual(['ps-page-3', 'ps-page-2', 'ps-page-1']);
    expect(new Set(seen).size).toBe(seen.length);
    const forged = await pauses(`?cursor=${Buffer.from('["x"]').toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.field).toBe('query.cursor');
  });

  it('lets staff read pauses and only ops resume them; bad input names the field', async () => {
    expect((await pauses('', 'reviewer')).status).toBe(200);
    expect((await pauses('', 'merchant')).status).toBe(403);
    expect((await pauses('', 'sdk')).status).toBe(403);
    const badActive = await pauses('?active=yes');
    expect(badActive.status).toBe(400);
    expect(badActive.body.error.field).toBe('query.active');
    for (const as of ['reviewer', 'sira', 'dev_admin', 'merchant'] as const) {
      const denied = await server.request('POST', `/api/v1/plugins/autoheal/pauses/${randomUUID()}/resume`, { as });
      expect(denied.status, as).toBe(403);
    }
    expect((await server.request('POST', `/api/v1/plugins/autoheal/pauses/${randomUUID()}/resume`, { as: 'ops' })).status).toBe(404);
    const malformed = await server.request('POST', '/api/v1/plugins/autoheal/pauses/nope/resume', { as: 'ops' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('params.id');
  });

  it('lets an admin change the approval policy, audited, and new proposals follow it', async () => {
    const initial = await server.request('GET', '/api/v1/plugins/autoheal/policy', { as: 'reviewer' });
    expect(initial.body).toEqual({ required_approvals: { low: 1, medium: 1, high: 1, critical: 2 } });
    const updated = await server.request('PUT', '/api/v1/plugins/autoheal/policy', { as: 'admin', body: { required_approvals: { medium: 3 } } });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ required_approvals: { low: 1, medium: 3, high: 1, critical: 2 } });
    try {
      await registerPlugin(server, 'ps-policy-1');
      const { log } = await propose(server, 'ps-policy-1', { issue_severity: 'medium' });
      expect(log.required_approvals).toBe(3);
      const first = await transition(server, log.id, 'approve');
      expect(first.body.approvals_remaining).toBe(2);
      const audit = await server.db.query("SELECT actor_role, before, after FROM audit_log WHERE action = 'approval_policy.update'");
      expect(audit.rows[0]).toMatchObject({ actor_role: 'admin', before: initial.body, after: updated.body });
    } finally {
      await server.request('PUT', '/api/v1/plugins/autoheal/policy', { as: 'admin', body: { required_approvals: { medium: 1 } } });
    }
  });

  it('refuses policy changes from non-admins and bad policy values', async () => {
    for (const as of ['ops', 'reviewer', 'sira', 'dev_admin', 'merchant'] as const) {
      const denied = await server.request('PUT', '/api/v1/plugins/autoheal/policy', { as, body: { required_approvals: { low: 2 } } });
      expect(denied.status, as).toBe(403);
    }
    expect((await server.request('GET', '/api/v1/plugins/autoheal/policy', { as: 'merchant' })).status).toBe(403);
    const cases: Array<[unknown, string]> = [
      [{ required_approvals: { low: 0 } }, 'body.required_approvals.low'],
      [{ required_approvals: { low: 6 } }, 'body.required_approvals.low'],
      [{ required_approvals: { low: 1.5 } }, 'body.required_approvals.low'],
      [{ required_approvals: { urgent: 2 } }, 'body.required_approvals.urgent'],
      [{ required_approvals: {} }, 'body.required_approvals'],
      [{}, 'body.required_approvals'],
    ];
    for (const [body, field] of cases) {
      const bad = await server.request('PUT', '/api/v1/plugins/autoheal/policy', { as: 'admin', body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.field).toBe(field);
    }
  });
});
