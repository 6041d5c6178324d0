import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoApplyPauseOf } from '../../src-shared/domain/rollback-effects.js';
import { HealingLogSchema, RollbackPlanSchema } from '../../src-shared/schemas/autoheal.js';
import { startTestServer, testBackends, type TestServer, type TokenName } from '../testing/harness.js';
import { autoApplied, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

describe.each(testBackends())('the rollback plan of an applied log on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const ack = (commandId: string) =>
    server.request('POST', `/api/v1/plugins/autoheal/commands/${commandId}/ack`, { as: 'merchant', body: { success: true } });
  const plan = (logId: string, as: TokenName | null = 'ops') => server.request('GET', `/api/v1/plugins/autoheal/${logId}/rollback-plan`, { as });

  /** Proposes, approves, applies and acknowledges a patch by hand (no rule). */
  async function applyByHand(pluginId: string, issue: string, changes: Record<string, unknown>) {
    const { log } = await propose(server, pluginId, {
      detected_issue: issue,
      proposed_patch: { type: 'config_update', action: 'update_config', state_changes: changes },
    });
    expect((await transition(server, log.id, 'approve')).status).toBe(200);
    const applying = await transition(server, log.id, 'apply');
    expect(applying.status).toBe(200);
    await poll(server, pluginId);
    expect((await ack(applying.body.command_id)).status).toBe(200);
    return log.id as string;
  }

  it('lists the newer applied patch a cascade would take along, pauses nothing for a log without a rule, and changes nothing', async () => {
    await registerPlugin(server, 'plan-cascade-1');
    const older = await applyByHand('plan-cascade-1', 'cURL error 28: Operation timed out', { timeout: 30 });
    const newer = await applyByHand('plan-cascade-1', 'Allowed memory size exhausted', { memory_limit: '512M' });
    const before = await server.db.query('SELECT status, version FROM plugin_auto_healing_logs WHERE plugin_id = $1 ORDER BY id', ['plan-cascade-1']);

    const answer = await plan(older);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const body = RollbackPlanSchema.parse(answer.body);
    expect(body.log.id).toBe(older);
    expect(body.pause).toBeNull();
    expect(body.newer.map((patch) => [patch.log_id, patch.status, patch.detected_issue])).toEqual([[newer, 'applied', 'Allowed memory size exhausted']]);
    const after = await server.db.query('SELECT status, version FROM plugin_auto_healing_logs WHERE plugin_id = $1 ORDER BY id', ['plan-cascade-1']);
    expect(after.rows).toEqual(before.rows);

    // The plan's list is exactly what a cascade agrees to: the rollback takes it.
    const done = await transition(server, older, 'rollback', { body: { cascade: true, expected_newer: body.newer.map((p) => p.log_id) } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.cascaded.map((c: { log: { id: string } }) => c.log.id)).toEqual([newer]);
    expect(done.body.pause).toBeNull();
  });

  it('names the rule whose auto-apply the rollback of an auto-applied patch pauses, as the rollback then does', async () => {
    await registerPlugin(server, 'plan-pause-1');
    const auto = await autoApplied(server, 'plan-pause-1');
    await poll(server, 'plan-pause-1');
    expect((await ack(auto.command_id)).status).toBe(200);

    const body = RollbackPlanSchema.parse((await plan(auto.log.id)).body);
    const log = HealingLogSchema.parse(body.log);
    expect(body.newer).toEqual([]);
    expect(body.pause).toEqual({ rule_id: log.rule_id, rule: 'missing_database_column', plugin_id: 'plan-pause-1', already_paused: false });
    expect(autoApplyPauseOf(log)).toEqual({ ruleId: log.rule_id, pluginId: 'plan-pause-1' });

    const done = await transition(server, auto.log.id, 'rollback', { body: { reason: 'column exists already' } });
    expect(done.status).toBe(200);
    expect(done.body.pause).toMatchObject({ rule_id: body.pause!.rule_id, plugin_id: 'plan-pause-1', rule_name: 'missing_database_column' });
  });

  it('is read by the roles that roll back, refused to the others, and answers a clear error for a bad id or a log that is not applied', async () => {
    await registerPlugin(server, 'plan-roles-1');
    const id = await applyByHand('plan-roles-1', 'Undefined index: debug_level', { debug_level: 2 });
    expect((await plan(id, 'ops')).status).toBe(200);
    expect((await plan(id, 'admin')).status).toBe(200);
    for (const as of ['reviewer', 'sira', 'merchant', 'sdk'] as const) expect((await plan(id, as)).status, as).toBe(403);
    expect((await plan(id, null)).status).toBe(401);

    const malformed = await plan('not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body.error)).toContain('id');
    const missing = await plan('00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const { log: waiting } = await propose(server, 'plan-roles-1');
    const refused = await plan(waiting.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('invalid_transition');
  });

  it('is documented in the OpenAPI document with its answer and roles', async () => {
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    const operation = doc.body.paths['/api/v1/plugins/autoheal/{id}/rollback-plan'].get;
    expect(operation.operationId).toBe('getRollbackPlan');
    expect(operation['x-roles']).toEqual(expect.arrayContaining(['ops']));
    expect(Object.keys(operation.responses['200'].content['application/json'].schema.properties)).toEqual(['log', 'pause', 'newer']);
  });
});
