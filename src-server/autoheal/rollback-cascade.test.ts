import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollbackConflictDetailsSchema, TransitionResponseSchema } from '../../src-shared/schemas/autoheal.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { autoApplied, pluginColumns, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

/** The patch a test applies: which issue, and the plugin-state keys it sets. */
interface TestPatch {
  detected_issue: string;
  state_changes: Record<string, unknown>;
}
const TIMEOUT: TestPatch = { detected_issue: 'cURL error 28: Operation timed out', state_changes: { timeout: 30 } };
const MEMORY: TestPatch = { detected_issue: 'Allowed memory size exhausted', state_changes: { memory_limit: '512M' } };
const DEBUG: TestPatch = { detected_issue: 'Undefined index: debug_level', state_changes: { debug_level: 2 } };

describe.each(testBackends())('rolling back an older patch under newer ones on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const ack = (commandId: string, success = true) =>
    server.request('POST', `/api/v1/plugins/autoheal/commands/${commandId}/ack`, { as: 'merchant', body: { success } });

  /** Proposes, approves and applies a patch; acks it unless `ackIt` is false. Returns the log id and apply command. */
  async function applyPatch(pluginId: string, patch: TestPatch, ackIt = true) {
    const { log } = await propose(server, pluginId, {
      detected_issue: patch.detected_issue,
      proposed_patch: { type: 'config_update', action: 'update_config', state_changes: patch.state_changes },
    });
    expect((await transition(server, log.id, 'approve')).status).toBe(200);
    const applying = await transition(server, log.id, 'apply');
    expect(applying.status).toBe(200);
    if (ackIt) {
      await poll(server, pluginId);
      expect((await ack(applying.body.command_id)).status).toBe(200);
    }
    return { id: log.id as string, commandId: applying.body.command_id as string };
  }
  const logRow = async (id: string) => (await server.db.query('SELECT * FROM plugin_auto_healing_logs WHERE id = $1', [id])).rows[0]!;
  const rollbackCommands = async (pluginId: string) =>
    (await server.db.query("SELECT id FROM plugin_commands WHERE plugin_id = $1 AND command_type = 'rollback'", [pluginId])).rows;

  it('refuses to roll back an older patch while a newer one is applied, listing it, and changes nothing', async () => {
    await registerPlugin(server, 'rb-refuse-1');
    const a = await applyPatch('rb-refuse-1', TIMEOUT);
    const b = await applyPatch('rb-refuse-1', MEMORY);
    const patched = await pluginColumns(server, 'rb-refuse-1');
    expect(patched!.state).toMatchObject({ timeout: 30, memory_limit: '512M' });

    const refused = await transition(server, a.id, 'rollback', { body: { reason: 'timeouts are back' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('newer_patches_applied');
    const details = RollbackConflictDetailsSchema.parse(refused.body.error.details);
    expect(details.current).toMatchObject({ id: a.id, status: 'applied' });
    expect(details.newer).toEqual([
      {
        log_id: b.id,
        rule_id: null,
        rule: null,
        detected_issue: MEMORY.detected_issue,
        status: 'applied',
        applied_at: expect.any(String),
        auto_applied: false,
        version: 5,
      },
    ]);
    expect(await pluginColumns(server, 'rb-refuse-1')).toEqual(patched);
    expect((await logRow(a.id)).status).toBe('applied');
    expect((await logRow(b.id)).status).toBe('applied');
    expect(await rollbackCommands('rb-refuse-1')).toEqual([]);
  });

  it('with cascade rolls the newer patches back first, newest first, each audited and marked, then the one asked for', async () => {
    await registerPlugin(server, 'rb-cascade-1');
    const original = await pluginColumns(server, 'rb-cascade-1');
    const a = await applyPatch('rb-cascade-1', TIMEOUT);
    const b = await applyPatch('rb-cascade-1', MEMORY);
    const c = await applyPatch('rb-cascade-1', DEBUG);

    const done = await transition(server, a.id, 'rollback', { body: { reason: 'timeouts are back', cascade: true } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const body = TransitionResponseSchema.parse(done.body);
    expect(body.log).toMatchObject({ id: a.id, status: 'rolled_back', rollback_reason: 'timeouts are back', rollback_cascade_of: null });
    expect(body.cascaded!.map((entry) => entry.log.id)).toEqual([c.id, b.id]);
    for (const entry of body.cascaded!) {
      expect(entry.log).toMatchObject({
        status: 'rolled_back',
        rolled_back_by: 'test ops',
        rollback_cascade_of: a.id,
        rollback_reason: `rolled back by cascade of ${a.id}: timeouts are back`,
      });
    }
    expect(await pluginColumns(server, 'rb-cascade-1')).toEqual(original);

    // The plugin gets one rollback per log, in the order the server restored them.
    const commands = await poll(server, 'rb-cascade-1');
    expect(commands.map((command) => [command.command_type, command.payload.healing_log_id])).toEqual([
      ['rollback', c.id],
      ['rollback', b.id],
      ['rollback', a.id],
    ]);
    expect(commands.map((command) => command.id)).toEqual([...body.cascaded!.map((entry) => entry.command_id), body.command_id]);
    expect(commands[0]!.payload).toMatchObject({ cascade_of: a.id, snapshot: { state: expect.objectContaining({ memory_limit: '512M' }) } });
    expect(commands[2]!.payload).toMatchObject({ snapshot: original, reason: 'timeouts are back' });

    const audit = await server.db.query<{ entity_id: string; actor_role: string }>(
      "SELECT entity_id, actor_role FROM audit_log WHERE action = 'healing_log.rollback' AND entity_id = ANY($1::text[]) ORDER BY id",
      [[a.id, b.id, c.id]],
    );
    expect(audit.rows).toEqual([c.id, b.id, a.id].map((id) => ({ entity_id: id, actor_role: 'ops' })));
    const restores = await server.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'plugin.restore' AND entity_id = 'rb-cascade-1'");
    expect(restores.rows[0]!.n).toBe(3);
  });

  it('refuses a cascade that would roll back a patch the caller did not list, and takes one that lists them all', async () => {
    await registerPlugin(server, 'rb-expected-1');
    const a = await applyPatch('rb-expected-1', TIMEOUT);
    const b = await applyPatch('rb-expected-1', MEMORY);
    const c = await applyPatch('rb-expected-1', DEBUG);
    const refused = await transition(server, a.id, 'rollback', { body: { cascade: true, expected_newer: [c.id] } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'newer_patches_applied', message: expect.stringContaining(b.id) });
    expect(refused.body.error.details.newer.map((patch: { log_id: string }) => patch.log_id)).toEqual([c.id, b.id]);
    expect(await rollbackCommands('rb-expected-1')).toEqual([]);

    const done = await transition(server, a.id, 'rollback', { body: { cascade: true, expected_newer: [b.id, c.id] }, version: 5 });
    expect(done.status).toBe(200);
    expect(done.body.cascaded.map((entry: { log: { id: string } }) => entry.log.id)).toEqual([c.id, b.id]);
  });

  it('refuses any rollback while a patch on the plugin is still applying, cascade or not', async () => {
    await registerPlugin(server, 'rb-applying-1');
    const a = await applyPatch('rb-applying-1', TIMEOUT);
    const b = await applyPatch('rb-applying-1', MEMORY, false);
    for (const body of [{}, { cascade: true }]) {
      const refused = await transition(server, a.id, 'rollback', { body });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('patch_applying');
      expect(refused.body.error.details.newer).toMatchObject([{ log_id: b.id, status: 'applying', applied_at: null }]);
    }
    await poll(server, 'rb-applying-1');
    await ack(b.commandId);
    expect((await transition(server, a.id, 'rollback')).body.error.code).toBe('newer_patches_applied');
  });

  it('rolls back newest first without a cascade, and checks If-Match before anything else', async () => {
    await registerPlugin(server, 'rb-order-1');
    const original = await pluginColumns(server, 'rb-order-1');
    const a = await applyPatch('rb-order-1', TIMEOUT);
    const b = await applyPatch('rb-order-1', MEMORY);
    expect((await transition(server, a.id, 'rollback', { version: 4 })).body.error.code).toBe('stale_version');
    const newest = await transition(server, b.id, 'rollback', { version: 5 });
    expect(newest.status).toBe(200);
    expect(newest.body.cascaded).toBeUndefined();
    expect((await pluginColumns(server, 'rb-order-1'))!.state).toMatchObject({ timeout: 30 });
    const older = await transition(server, a.id, 'rollback', { version: 5 });
    expect(older.status).toBe(200);
    expect(await pluginColumns(server, 'rb-order-1')).toEqual(original);
  });

  it("pauses only the requested log's rule in a cascade, not the rules of the patches it took along", async () => {
    await registerPlugin(server, 'rb-pause-1');
    const a = await applyPatch('rb-pause-1', TIMEOUT);
    const auto = await autoApplied(server, 'rb-pause-1');
    await poll(server, 'rb-pause-1');
    await ack(auto.command_id);
    const done = await transition(server, a.id, 'rollback', { body: { cascade: true } });
    expect(done.status).toBe(200);
    expect(done.body.pause).toBeNull();
    expect(done.body.cascaded).toMatchObject([{ log: { id: auto.log.id, auto_applied: true, status: 'rolled_back' } }]);
    const pauses = await server.db.query("SELECT id FROM auto_apply_pauses WHERE plugin_id = 'rb-pause-1'");
    expect(pauses.rows).toEqual([]);
  });

  it('holds back an apply queued after a rollback the plugin has not acknowledged, even a critical one', async () => {
    await registerPlugin(server, 'rb-barrier-1');
    const a = await applyPatch('rb-barrier-1', TIMEOUT);
    const rolledBack = await transition(server, a.id, 'rollback');
    const { log } = await propose(server, 'rb-barrier-1', { issue_severity: 'critical', detected_issue: 'Payment gateway unreachable' });
    await transition(server, log.id, 'approve');
    await transition(server, log.id, 'approve', { as: 'reviewer2' });
    const critical = await transition(server, log.id, 'apply');
    expect(critical.status).toBe(200);

    const first = await poll(server, 'rb-barrier-1');
    expect(first.map((command) => [command.id, command.priority])).toEqual([[rolledBack.body.command_id, 9]]);
    expect(await poll(server, 'rb-barrier-1')).toEqual([]);
    await ack(rolledBack.body.command_id);
    const second = await poll(server, 'rb-barrier-1');
    expect(second.map((command) => [command.id, command.command_type, command.priority])).toEqual([[critical.body.command_id, 'apply_patch', 10]]);
  });

  it('documents the refused rollback and the cascade answer in the OpenAPI document', async () => {
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    const operation = doc.body.paths['/api/v1/plugins/autoheal/{id}/rollback'].post;
    const conflict = operation.responses['409'].content['application/json'].schema.properties.error.properties;
    expect(conflict.code.enum).toEqual(expect.arrayContaining(['newer_patches_applied', 'patch_applying']));
    expect(conflict.details.properties.newer.items.properties).toHaveProperty('log_id');
    expect(operation.requestBody.content['application/json'].schema.properties).toHaveProperty('cascade');
    expect(operation.responses['200'].content['application/json'].schema.properties).toHaveProperty('cascaded');
    const approve = doc.body.paths['/api/dev/patches/{id}/versions/{version}/approve'].post;
    expect(approve.responses['409'].content['application/json'].schema.properties.error.properties.code.enum).toContain('patch_deactivated');
  });
});
