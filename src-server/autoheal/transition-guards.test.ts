import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenName } from '../testing/harness.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { autoApplied, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

type Verb = 'approve' | 'reject' | 'apply' | 'rollback';
const VERBS: Verb[] = ['approve', 'reject', 'apply', 'rollback'];
const bodyFor = (verb: Verb) => (verb === 'reject' ? { reason: 'no' } : {});

describe.each(testBackends())('healing-log transition guards on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  /** A log in each reachable state of the machine, on its own plugin. */
  async function logsInEveryState(prefix: string) {
    const ids: Record<string, string> = {};
    await registerPlugin(server, `${prefix}-a`);
    ids.pending_review = (await propose(server, `${prefix}-a`, { detected_issue: 'pending' })).log.id;
    ids.approved = (await propose(server, `${prefix}-a`, { detected_issue: 'approved' })).log.id;
    await transition(server, ids.approved!, 'approve');
    ids.rejected = (await propose(server, `${prefix}-a`, { detected_issue: 'rejected' })).log.id;
    await transition(server, ids.rejected!, 'reject', { body: { reason: 'no' } });
    const superseded = (await propose(server, `${prefix}-a`, { detected_issue: 'twice' })).log.id;
    await propose(server, `${prefix}-a`, { detected_issue: 'twice' });
    ids.superseded = superseded;
    await registerPlugin(server, `${prefix}-b`);
    ids.applying = (await autoApplied(server, `${prefix}-b`)).log.id;
    await registerPlugin(server, `${prefix}-c`);
    const applied = await autoApplied(server, `${prefix}-c`);
    await poll(server, `${prefix}-c`);
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${applied.command_id}/ack`, { as: 'merchant', body: { success: true } });
    ids.applied = applied.log.id;
    await registerPlugin(server, `${prefix}-d`);
    const failed = await autoApplied(server, `${prefix}-d`);
    await poll(server, `${prefix}-d`);
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${failed.command_id}/ack`, { as: 'merchant', body: { success: false } });
    ids.failed = failed.log.id;
    await registerPlugin(server, `${prefix}-e`);
    const rolledBack = await autoApplied(server, `${prefix}-e`);
    await poll(server, `${prefix}-e`);
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${rolledBack.command_id}/ack`, { as: 'merchant', body: { success: true } });
    await transition(server, rolledBack.log.id, 'rollback');
    ids.rolled_back = rolledBack.log.id;
    return ids;
  }

  it('answers every transition the state machine forbids with 409 invalid_transition and the current row', async () => {
    const ids = await logsInEveryState('gd-states');
    const allowed: Record<Verb, string[]> = {
      approve: ['pending_review'],
      reject: ['pending_review'],
      apply: ['approved'],
      rollback: ['applied'],
    };
    for (const [status, id] of Object.entries(ids)) {
      const { rows } = await server.db.query('SELECT status, version FROM plugin_auto_healing_logs WHERE id = $1', [id]);
      expect(rows[0]!.status, id).toBe(status);
      for (const verb of VERBS) {
        if (allowed[verb].includes(status)) continue;
        const refused = await transition(server, id, verb, { body: bodyFor(verb) });
        expect(refused.status, `${verb} ${status}`).toBe(409);
        expect(refused.body.error.code).toBe('invalid_transition');
        expect(refused.body.error.details.current).toMatchObject({ id, status, version: rows[0]!.version });
      }
    }
  });

  it('answers a stale If-Match with 409 stale_version and the current row, and changes nothing', async () => {
    await registerPlugin(server, 'gd-stale-1');
    const { log } = await propose(server, 'gd-stale-1');
    for (const verb of VERBS) {
      const stale = await transition(server, log.id, verb, { version: 1, body: bodyFor(verb) });
      expect(stale.status, verb).toBe(409);
      expect(stale.body.error.code).toBe('stale_version');
      expect(stale.body.error.details.current).toMatchObject({ id: log.id, version: 2, status: 'pending_review' });
    }
    const row = await server.db.query('SELECT status, version FROM plugin_auto_healing_logs WHERE id = $1', [log.id]);
    expect(row.rows[0]).toEqual({ status: 'pending_review', version: 2 });
    const withoutIfMatch = await transition(server, log.id, 'approve');
    expect(withoutIfMatch.status).toBe(200);
    const malformed = await server.request('POST', `/api/v1/plugins/autoheal/${log.id}/apply`, { as: 'ops', body: {}, headers: { 'if-match': 'abc' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('headers.if-match');
  });

  it('replays an apply sent twice with one Idempotency-Key and queues no second command', async () => {
    await registerPlugin(server, 'gd-idem-1');
    const { log } = await propose(server, 'gd-idem-1');
    await transition(server, log.id, 'approve');
    const first = await transition(server, log.id, 'apply', { key: 'apply-gd-idem-1', version: 3 });
    const replay = await transition(server, log.id, 'apply', { key: 'apply-gd-idem-1', version: 3 });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const commands = await server.db.query('SELECT id FROM plugin_commands WHERE healing_log_id = $1', [log.id]);
    expect(commands.rows).toEqual([{ id: first.body.command_id }]);
    const snapshots = await server.db.query('SELECT id FROM plugin_snapshots WHERE healing_log_id = $1', [log.id]);
    expect(snapshots.rows).toHaveLength(1);
    const again = await transition(server, log.id, 'apply', { key: 'apply-gd-idem-2' });
    expect(again.status).toBe(409);
  });

  it('replays a rollback sent twice with one Idempotency-Key and queues one rollback command', async () => {
    await registerPlugin(server, 'gd-idem-2');
    const { log, command_id } = await autoApplied(server, 'gd-idem-2');
    await poll(server, 'gd-idem-2');
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${command_id}/ack`, { as: 'merchant', body: { success: true } });
    const first = await transition(server, log.id, 'rollback', { key: 'rollback-gd-idem-2' });
    const replay = await transition(server, log.id, 'rollback', { key: 'rollback-gd-idem-2' });
    expect(replay.body).toEqual(first.body);
    const rollbacks = await server.db.query("SELECT 1 FROM plugin_commands WHERE healing_log_id = $1 AND command_type = 'rollback'", [log.id]);
    expect(rollbacks.rows).toHaveLength(1);
  });

  it('lets only one of two concurrent applies of a log through', async () => {
    await registerPlugin(server, 'gd-race-1');
    const { log } = await propose(server, 'gd-race-1');
    await transition(server, log.id, 'approve');
    const answers = await Promise.all([transition(server, log.id, 'apply'), transition(server, log.id, 'apply')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const commands = await server.db.query('SELECT 1 FROM plugin_commands WHERE healing_log_id = $1', [log.id]);
    expect(commands.rows).toHaveLength(1);
  });

  it('denies each transition to the roles that may not make it', async () => {
    await registerPlugin(server, 'gd-roles-1');
    const { log } = await propose(server, 'gd-roles-1');
    const denied: Record<Verb, TokenName[]> = {
      approve: ['ops', 'sira', 'dev_admin', 'merchant', 'sdk'],
      reject: ['ops', 'sira', 'dev_admin', 'merchant', 'sdk'],
      apply: ['reviewer', 'sira', 'dev_admin', 'merchant', 'sdk'],
      rollback: ['reviewer', 'sira', 'dev_admin', 'merchant', 'sdk'],
    };
    for (const verb of VERBS) {
      for (const as of denied[verb]) {
        const response = await transition(server, log.id, verb, { as, body: bodyFor(verb) });
        expect(response.status, `${as} ${verb}`).toBe(403);
      }
      expect((await transition(server, log.id, verb, { as: null, body: bodyFor(verb) })).status).toBe(401);
    }
    const row = await server.db.query('SELECT status, version FROM plugin_auto_healing_logs WHERE id = $1', [log.id]);
    expect(row.rows[0]).toEqual({ status: 'pending_review', version: 2 });
  });

  it('answers 400 naming the field for a malformed id or body, and 404 for an unknown log', async () => {
    await registerPlugin(server, 'gd-bad-1');
    const { log } = await propose(server, 'gd-bad-1');
    for (const verb of VERBS) {
      const malformed = await transition(server, 'not-a-uuid', verb, { body: bodyFor(verb) });
      expect(malformed.status, verb).toBe(400);
      expect(malformed.body.error.field).toBe('params.id');
      const unknown = await transition(server, randomUUID(), verb, { body: bodyFor(verb) });
      expect(unknown.status, verb).toBe(404);
    }
    const noReason = await transition(server, log.id, 'reject', { body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('body.reason');
    const blankReason = await transition(server, log.id, 'reject', { body: { reason: '   ' } });
    expect(blankReason.body.error.field).toBe('body.reason');
    const longComment = await transition(server, log.id, 'approve', { body: { comment: 'x'.repeat(2001) } });
    expect(longComment.body.error.field).toBe('body.comment');
    const badKey = await transition(server, log.id, 'approve', { key: 'short' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.field).toBe('headers.idempotency-key');
  });
});
