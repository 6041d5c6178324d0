import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import type { CacheTable } from '../cache/tables.js';
import { consoleFor } from './testing/console-fixture.js';
import { closeTestServer, seedActivePause, seedPendingLogs, waitFor } from '../sync/testing/fixtures.js';

// One decision, one refresh: from the click to the feed having delivered it, the cache announces
// each change the user can see once (queued, then synced). The feed bringing back the version the
// server's answer already cached announces nothing.

describe.each(testBackends())('cache.changed events of one decision against the reference backend on %s', (backend) => {
  let server: TestServer;
  const disposers: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => closeTestServer(server));
  afterEach(async () => {
    for (const dispose of disposers.splice(0)) await dispose();
  });

  async function syncedConsole() {
    const app = consoleFor(server);
    disposers.push(() => app.dispose());
    await app.engine.syncNow();
    const events: Array<readonly CacheTable[]> = [];
    const stop = app.repos.cache.onDidChangeTables((tables) => events.push(tables));
    disposers.push(async () => stop());
    return { app, events };
  }

  it('announces an approval twice (queued, then synced), and the feed delivering it not at all', async () => {
    const { ids } = await seedPendingLogs(server, 1);
    const id = ids[0]!;
    const { app, events } = await syncedConsole();
    const cursorBefore = app.repos.syncState.get().cursor;

    expect(app.decisions.decide(id, { action: 'approve' }).localState).toBe('queued');
    await waitFor(() => app.outbox.view().depth === 0, 'the approval to be pushed');
    const answered = app.repos.logs.get(id)!;
    expect(answered).toMatchObject({ localState: 'synced', log: { status: 'approved' } });
    const afterAnswer = events.length;

    // The feed now delivers the approval: the version the answer cached.
    await app.engine.syncNow();
    expect(app.repos.syncState.get().cursor).toBeGreaterThan(cursorBefore);
    expect(app.repos.logs.get(id)).toEqual(answered);

    const logEvents = events.filter((tables) => tables.includes('healing_logs'));
    expect(logEvents).toEqual([
      ['healing_logs', 'outbox'], // queued
      ['healing_logs', 'outbox'], // the answer cached, synced
    ]);
    // What the feed's page announces is its cursor only, nothing a screen of logs reads.
    expect(events.slice(afterAnswer).flat()).not.toContain('healing_logs');
  });

  it('announces a resume twice (queued, then synced), and the feed delivering it not at all', async () => {
    const { pauseId } = await seedActivePause(server);
    const { app, events } = await syncedConsole();
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'synced' });

    expect(app.decisions.resumePause(pauseId).localState).toBe('queued');
    await waitFor(() => app.outbox.view().depth === 0, 'the resume to be pushed');
    const afterAnswer = events.length;
    await app.engine.syncNow();
    expect(app.repos.pauses.get(pauseId)).toMatchObject({ localState: 'synced', row: { resumed_at: expect.any(String) } });

    expect(events.filter((tables) => tables.includes('pauses'))).toEqual([
      ['outbox', 'pauses'],
      ['outbox', 'pauses'],
    ]);
    expect(events.slice(afterAnswer).flat()).not.toContain('pauses');
  });
});
