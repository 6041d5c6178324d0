import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../testing/server-process.js';
import { findPostgresBinaries, startThrowawayCluster, type ThrowawayCluster } from '../testing/throwaway-postgres.js';

const binaries = findPostgresBinaries();
const skipReason = 'missing' in binaries ? binaries.missing : undefined;
if (skipReason) console.log(`postgres-restart.test.ts skipped: ${skipReason}`);

interface Answer {
  at: number;
  status: number;
  retryAfter: string | null;
  body: string;
}

/** An SSE reader that keeps every event name it receives. */
function openStream(url: string, token: string): { events: Array<{ name: string; at: number }>; close(): void } {
  const controller = new AbortController();
  const events: Array<{ name: string; at: number }> = [];
  void (async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        if (name) events.push({ name, at: Date.now() });
      }
    }
  })().catch(() => undefined);
  return { events, close: () => controller.abort() };
}

describe.skipIf(skipReason !== undefined)('the server across a PostgreSQL restart', () => {
  let cluster: ThrowawayCluster;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    dataDir = mkdtempSync(join(tmpdir(), 'molam-restart-'));
    server = await startServerProcess({ databaseUrl: cluster.url, dataDir });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await cluster?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged event, answers 503 with Retry-After while the database is away, never 500, and resumes writes and nudges', async () => {
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const call = async (method: string, path: string, token: string, body?: unknown): Promise<Answer> => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { at: Date.now(), status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.text() };
    };
    const mint = async (role: string, merchant_id?: string) => {
      const answer = await call('POST', '/api/v1/admin/tokens', adminToken, { name: `restart ${role}`, role, merchant_id });
      expect(answer.status).toBe(201);
      return JSON.parse(answer.body).token as string;
    };
    const merchant = await mint('merchant', 'restart-merchant');
    const sira = await mint('sira');
    const plugins = ['woocommerce', 'shopify', 'prestashop', 'magento'].map((cms) => ({ id: `restart-${cms}`, cms }));
    for (const p of plugins) {
      expect((await call('POST', '/api/v1/plugins/register', merchant, { id: p.id, cms: p.cms, cms_version: '1.0', plugin_version: '1.0.0' })).status).toBe(200);
    }
    const stream = openStream(`${server.url}/api/v1/stream`, adminToken);

    const answers: Answer[] = [];
    const acknowledged: string[] = [];
    let stop = false;
    let n = 0;
    const eventLoop = async () => {
      while (!stop) {
        const plugin = plugins[n++ % plugins.length]!;
        const eventId = randomUUID();
        const answer = await call('POST', '/api/v1/plugins/interop/event', merchant, {
          plugin_id: plugin.id,
          event_id: eventId,
          event_type: 'payment.succeeded',
          payload: { order_id: String(n), amount: '5000', currency: 'XOF' },
        });
        answers.push(answer);
        if (answer.status === 202) acknowledged.push(eventId);
        if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // Transactional writes: proposals, each with its own change-feed rows and audit.
    const proposalLoop = async () => {
      while (!stop) {
        const answer = await call('POST', '/api/v1/plugins/autoheal', sira, {
          plugin_id: plugins[n++ % plugins.length]!.id,
          detected_issue: 'Allowed memory size of 134217728 bytes exhausted',
          issue_severity: 'medium',
          patch_type: 'config_update',
          proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { memory_limit: '512M' } },
          sira_confidence: 60,
        });
        answers.push(answer);
        if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const loops = [...Array.from({ length: 6 }, eventLoop), ...Array.from({ length: 2 }, proposalLoop)];

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const restartedAt = Date.now();
    await cluster.restart();
    const backAt = Date.now();
    // Writes must succeed again within seconds of PostgreSQL's return.
    const deadline = backAt + 15_000;
    let firstWriteAfter: number | undefined;
    while (Date.now() < deadline && firstWriteAfter === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      firstWriteAfter = answers.find((a) => a.at > backAt && a.status >= 200 && a.status < 300)?.at;
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stop = true;
    await Promise.all(loops);
    stream.close();

    const byStatus = new Map<number, number>();
    for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    console.log(
      `restart took ${backAt - restartedAt} ms; first write ${firstWriteAfter === undefined ? 'never' : `${firstWriteAfter - backAt} ms`} after; answers by status:`,
      Object.fromEntries(byStatus),
    );

    expect(server.exit(), server.stderr()).toBeUndefined();
    const failures = answers.filter((a) => a.status >= 500 && a.status !== 503);
    expect(failures.map((a) => `${a.status} ${a.body}`)).toEqual([]);
    for (const answer of answers.filter((a) => a.status === 503)) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(answer.body).error.code).toMatch(/^(database_unavailable|overloaded)$/);
    }
    expect(firstWriteAfter, 'a write succeeded after PostgreSQL came back').toBeDefined();
    expect(firstWriteAfter! - backAt).toBeLessThan(10_000);
    const proposals = answers.filter((a) => a.at > backAt && a.status === 201 && a.body.includes('"auto_applied"'));
    expect(proposals.length, 'proposals succeed again').toBeGreaterThan(0);

    // Every acknowledged event was stored.
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const stored = await client.query<{ external_id: string }>('SELECT external_id FROM plugin_interop_events WHERE external_id = ANY($1)', [
      acknowledged,
    ]);
    await client.end();
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(new Set(stored.rows.map((r) => r.external_id)).size).toBe(acknowledged.length);

    // The LISTEN connection came back: consoles were nudged after the restart.
    expect(stream.events.some((e) => e.name === 'changes' && e.at > backAt)).toBe(true);
  }, 90_000);
});
