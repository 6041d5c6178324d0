import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { registerPlugin, sendEvent, storedEvent } from './interop-test-kit.js';

const RETRY = '/api/v1/plugins/interop/retry';

describe.each(testBackends())('plugin errors and retries on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  /** Makes dispatch of this plugin's events fail inside the database until `heal()` is called. */
  async function breakDispatchFor(pluginId: string): Promise<{ heal(): Promise<void> }> {
    const name = `fail_dispatch_${pluginId.replace(/\W/g, '_')}`;
    await server.db.exec(`
      CREATE FUNCTION ${name}() RETURNS trigger AS $$
      BEGIN
        IF NEW.plugin_id = '${pluginId}' AND NEW.status = 'processed' THEN
          RAISE EXCEPTION 'healing engine unavailable';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      CREATE TRIGGER ${name} BEFORE UPDATE ON plugin_interop_events FOR EACH ROW EXECUTE FUNCTION ${name}();`);
    return { heal: () => server.db.exec(`DROP TRIGGER ${name} ON plugin_interop_events; DROP FUNCTION ${name}();`) };
  }

  it('turns a plugin.error about a missing column into a healing proposal', async () => {
    await registerPlugin(server, 'err-woo-1', 'woocommerce');
    const sent = await sendEvent(server, {
      plugin_id: 'err-woo-1',
      event_type: 'plugin.error',
      payload: { message: "Unknown column 'x' in field list", file: 'class-molam-gateway.php', line: 212 },
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ status: 'processed', normalized_event: 'plugin.error', duplicate: false });
    expect(sent.body.proposals).toHaveLength(1);
    const { rows } = await server.db.query<{ id: string; name: string; detected_issue: string; source: string }>(
      `SELECT l.id, r.name, l.detected_issue, l.sira_decision->>'source' AS source
         FROM plugin_auto_healing_logs l JOIN auto_healing_rules r ON r.id = l.rule_id WHERE l.plugin_id = 'err-woo-1'`,
    );
    expect(rows).toEqual([{ id: sent.body.proposals[0], name: 'missing_database_column', detected_issue: "Unknown column 'x' in field list", source: `interop:${sent.body.id}` }]);
    expect((await storedEvent(server, sent.body.id)).status).toBe('processed');
  });

  it('takes the error text from payload.error when there is no message, and processes an error no rule matches', async () => {
    await registerPlugin(server, 'err-shop-1', 'shopify');
    const sent = await sendEvent(server, { plugin_id: 'err-shop-1', event_type: 'plugin.error', payload: { error: 'cURL error 28: timed out' } });
    expect(sent.body).toMatchObject({ status: 'processed', proposals: [] });
  });

  it('keeps an event whose dispatch fails as failed, and a retry processes it once the cause is gone', async () => {
    await registerPlugin(server, 'err-woo-2', 'woocommerce');
    const broken = await breakDispatchFor('err-woo-2');
    const sent = await sendEvent(server, { plugin_id: 'err-woo-2', event_type: 'plugin.error', payload: { message: "Unknown column 'fee' in field list" } });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ status: 'failed', proposals: [] });
    expect(sent.body.error).toContain('healing engine unavailable');
    let row = await storedEvent(server, sent.body.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.error).toContain('healing engine unavailable');
    // The proposal was rolled back with the failed dispatch.
    const none = await server.db.query("SELECT id FROM plugin_auto_healing_logs WHERE plugin_id = 'err-woo-2'");
    expect(none.rows).toHaveLength(0);

    const stillBroken = await server.request('POST', RETRY, { as: 'ops', body: { event_ids: [sent.body.id] } });
    expect(stillBroken.body).toEqual({ retried: 1, processed: 0, still_failed: 1, still_unmapped: 0 });
    expect((await storedEvent(server, sent.body.id)).attempts).toBe(2);

    await broken.heal();
    const retried = await server.request('POST', RETRY, { as: 'ops', body: { event_ids: [sent.body.id] } });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ retried: 1, processed: 1, still_failed: 0, still_unmapped: 0 });
    row = await storedEvent(server, sent.body.id);
    expect(row).toMatchObject({ status: 'processed', attempts: 3, error: null });
    const logs = await server.db.query<{ source: string }>("SELECT sira_decision->>'source' AS source FROM plugin_auto_healing_logs WHERE plugin_id = 'err-woo-2'");
    expect(logs.rows).toEqual([{ source: `interop:${sent.body.id}` }]);

    const again = await server.request('POST', RETRY, { as: 'ops', body: { event_ids: [sent.body.id] } });
    expect(again.body.retried).toBe(0);
  });

  it('dispatches a failed event once when two retries race for it', async () => {
    await registerPlugin(server, 'err-woo-3', 'woocommerce');
    const broken = await breakDispatchFor('err-woo-3');
    const sent = await sendEvent(server, { plugin_id: 'err-woo-3', event_type: 'plugin.error', payload: { message: "Unknown column 'tax' in field list" } });
    expect(sent.body.status).toBe('failed');
    await broken.heal();
    const body = { event_ids: [sent.body.id] };
    const [a, b] = await Promise.all([server.request('POST', RETRY, { as: 'ops', body }), server.request('POST', RETRY, { as: 'ops', body })]);
    expect(a.body.processed + b.body.processed).toBe(1);
    expect(a.body.still_failed + b.body.still_failed).toBe(0);
    const logs = await server.db.query("SELECT id FROM plugin_auto_healing_logs WHERE plugin_id = 'err-woo-3'");
    expect(logs.rows).toHaveLength(1);
  });

  it('normalizes an unmapped event on retry once its mapping exists', async () => {
    await registerPlugin(server, 'err-presta-1', 'prestashop');
    const payload = { id_order: 5, amount: '12.00', currency_iso: 'EUR', id_order_slip: 9 };
    const sent = await sendEvent(server, { plugin_id: 'err-presta-1', event_type: 'actionOrderSlipAdd', payload });
    expect(sent.body.status).toBe('unmapped');
    const before = await server.request('POST', RETRY, { as: 'ops', body: { event_ids: [sent.body.id] } });
    expect(before.body.retried).toBe(0);

    const mapping = await server.request('POST', '/api/v1/plugins/interop/mappings', {
      as: 'dev_admin',
      body: { platform: 'prestashop', source_event: 'actionOrderSlipAdd', normalized_event: 'refund.issued', field_mapping: { id_order: 'order_id', amount: 'amount', currency_iso: 'currency' } },
    });
    expect(mapping.status).toBe(200);
    const retried = await server.request('POST', RETRY, { as: 'ops', body: {} });
    expect(retried.body).toEqual({ retried: 1, processed: 1, still_failed: 0, still_unmapped: 0 });
    const row = await storedEvent(server, sent.body.id);
    expect(row).toMatchObject({ status: 'processed', normalized_event: 'refund.issued', mapping_id: mapping.body.id, attempts: 2 });
    expect(row.normalized_payload).toEqual({ order_id: '5', amount: '12.00', amount_minor: 1200, currency: 'EUR' });
    expect(row.raw_payload).toEqual(payload);
  });

  it('dispatches a plugin.error left received by an interrupted dispatch', async () => {
    await registerPlugin(server, 'err-mage-1', 'magento');
    const { rows } = await server.db.query<{ id: string }>(
      `INSERT INTO plugin_interop_events (plugin_id, platform, source_event, normalized_event, raw_payload, normalized_payload, status, received_at)
       VALUES ('err-mage-1', 'magento', 'plugin.error', 'plugin.error', $1::jsonb, $1::jsonb, 'received', now() - interval '5 minutes')
       RETURNING id`,
      [JSON.stringify({ message: 'PHP Fatal error: Allowed memory size of 134217728 bytes exhausted' })],
    );
    const id = rows[0]!.id;
    const retried = await server.request('POST', RETRY, { as: 'ops', body: { event_ids: [id] } });
    expect(retried.body).toEqual({ retried: 1, processed: 1, still_failed: 0, still_unmapped: 0 });
    const logs = await server.db.query<{ name: string; status: string }>(
      `SELECT r.name, l.status FROM plugin_auto_healing_logs l JOIN auto_healing_rules r ON r.id = l.rule_id WHERE l.plugin_id = 'err-mage-1'`,
    );
    expect(logs.rows).toEqual([{ name: 'memory_limit_exceeded', status: 'pending_review' }]);
  });

  it('writes one audit row per retry call, and needs no body', async () => {
    const before = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'interop.retry'");
    const retried = await server.request('POST', RETRY, { as: 'ops' });
    expect(retried.status).toBe(200);
    const after = await server.db.query<{ n: number; actor_role: string }>(
      "SELECT count(*)::int AS n, max(actor_role) AS actor_role FROM audit_log WHERE action = 'interop.retry'",
    );
    expect(after.rows[0]).toEqual({ n: before.rows[0]!.n + 1, actor_role: 'ops' });
  });

  it('lets only ops (and admin) retry', async () => {
    for (const role of ['reviewer', 'sira', 'dev_admin', 'merchant', 'sdk'] as const) {
      expect((await server.request('POST', RETRY, { as: role, body: {} })).status).toBe(403);
    }
    expect((await server.request('POST', RETRY, { as: 'admin', body: {} })).status).toBe(200);
  });

  it.each([
    ['a malformed event id', { event_ids: ['not-a-uuid'] }, 'body.event_ids.0'],
    ['an empty id list', { event_ids: [] }, 'body.event_ids'],
    ['over 500 ids', { event_ids: Array.from({ length: 501 }, () => '00000000-0000-4000-8000-000000000000') }, 'body.event_ids'],
    ['a limit over 1000', { limit: 1001 }, 'body.limit'],
    ['a fractional limit', { limit: 1.5 }, 'body.limit'],
  ])('refuses a retry with %s, naming the field', async (_name, body, field) => {
    const response = await server.request('POST', RETRY, { as: 'ops', body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });
});
