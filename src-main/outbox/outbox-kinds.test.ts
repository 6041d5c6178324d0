import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BackendClient } from '../backend/backend-client.js';
import { CacheDb } from '../cache/cache-db.js';
import { createRepositories, type Repositories } from '../cache/repositories/index.js';
import { ConflictService } from '../services/conflict-service.js';
import { DecisionService } from '../services/decision-service.js';
import { OutboxPusher } from '../sync/outbox-pusher.js';
import { conflictWith, defineOutboxKind, versionedRowResolutions } from './outbox-kind.js';
import { OUTBOX_KINDS } from './outbox-kinds.js';

/** A throwaway kind: renaming a field mapping, registered by this test only. */
const MappingSchema = z.looseObject({ id: z.string(), platform: z.string(), version: z.number().int(), name: z.string() });
type Mapping = z.infer<typeof MappingSchema>;
type RenameDecision = { action: 'rename'; name: string };

const RENAME = 'test_mapping_rename';
const renameKind = defineOutboxKind<RenameDecision, Mapping>({
  kind: RENAME,
  localTable: 'mappings',
  describe: (id) => `mapping ${id}`,
  cachedVersion: (repos, id) => repos.entities.mapping.get(id)?.['version'] as number | undefined,
  push: (item) => ({
    method: 'PUT',
    path: `/api/v1/test-mappings/${encodeURIComponent(item.targetId)}/name`,
    body: { name: item.decision.name },
    schema: MappingSchema,
    ifMatch: item.baseVersion,
    idempotencyKey: item.idempotencyKey,
  }),
  cacheAnswer: (repos, _item, mapping) => repos.entities.mapping.upsert(mapping),
  readConflict: (_item, current) => conflictWith(current),
  resolutions: versionedRowResolutions({ schema: MappingSchema, cache: (repos, mapping, json) => repos.entities.mapping.upsert(mapping, json) }),
});

interface Received {
  id: string;
  ifMatch: string | undefined;
  key: string | undefined;
  name: string;
}

/** A backend for the throwaway kind: versioned mappings, If-Match checked, replays by Idempotency-Key. */
function mappingBackend() {
  const rows = new Map<string, Mapping>();
  const received: Received[] = [];
  const answers = new Map<string, { status: number; body: unknown }>();
  const link = { down: false };
  const server: Server = createServer((request, response) => {
    if (link.down) {
      request.socket.destroy();
      return;
    }
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        return { status, body };
      };
      const match = /^\/api\/v1\/test-mappings\/([^/]+)\/name$/.exec(request.url ?? '');
      const row = match ? rows.get(decodeURIComponent(match[1]!)) : undefined;
      if (request.method !== 'PUT' || !row) return send(404, { error: { code: 'not_found', message: 'no such mapping' } });
      const key = request.headers['idempotency-key'] as string | undefined;
      const ifMatch = request.headers['if-match'];
      const { name } = JSON.parse(text) as { name: string };
      received.push({ id: row.id, ifMatch, key, name });
      const replay = key ? answers.get(key) : undefined;
      if (replay) return send(replay.status, replay.body);
      let answer;
      if (ifMatch !== `"${row.version}"`) {
        answer = send(409, { error: { code: 'stale_version', message: 'the mapping moved on', details: { current: row } } });
      } else {
        const renamed = { ...row, name, version: row.version + 1 };
        rows.set(row.id, renamed);
        answer = send(200, renamed);
      }
      if (key) answers.set(key, answer);
    });
  });
  return {
    rows,
    received,
    /** While down, every connection is cut before an answer (the console is offline). */
    link,
    /** Someone else renames a mapping on the server. */
    editElsewhere(id: string, name: string) {
      const row = rows.get(id)!;
      rows.set(id, { ...row, name, version: row.version + 1 });
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('an outbox kind registered by a module of its own', () => {
  let dir: string;
  let repos: Repositories;
  let backend: ReturnType<typeof mappingBackend>;
  let pusher: OutboxPusher;
  let client: BackendClient;
  let decisions: DecisionService;
  let conflicts: ConflictService;
  const profileId = 'p1';

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'molam-outbox-kind-test-'));
    const cache = CacheDb.open({ file: join(dir, 'cache.sqlite') });
    // The kind's rows show their pending state like logs and pauses do.
    cache.sql.exec("ALTER TABLE mappings ADD COLUMN local_state TEXT NOT NULL DEFAULT 'synced'");
    repos = createRepositories(cache, { kinds: [...OUTBOX_KINDS, renameKind] });
    backend = mappingBackend();
    const baseUrl = await backend.listen();
    repos.profiles.insert({ id: profileId, name: 'test', url: baseUrl, embedded: false, createdAt: '2026-01-01T00:00:00Z' });
    repos.syncState.resetSyncedData(profileId);
    for (const id of ['m1', 'm2', 'm3']) {
      const row = { id, platform: 'woocommerce', version: 1, name: `field ${id}` };
      backend.rows.set(id, row);
      repos.entities.mapping.upsert(row);
    }
    client = new BackendClient({ baseUrl, token: 'test', attempts: 1 });
    pusher = new OutboxPusher({ repos, client, profileId, retry: { baseDelayMs: 20, maxDelayMs: 200 }, attemptsPerSend: 1 });
    // No push on queueing: decisions are taken offline and pushed when the test says so.
    decisions = new DecisionService(repos, () => profileId, () => undefined);
    conflicts = new ConflictService(repos, () => profileId, () => undefined);
  });

  afterEach(async () => {
    await pusher.stop();
    await backend.close();
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = (id: string) => repos.pendingStates.stateOf(RENAME, id);
  const cached = (id: string) => repos.entities.mapping.get(id);
  const rename = (id: string, name: string) => decisions.queue(RENAME, id, { action: 'rename', name });

  it('round-trips: decided offline, pushed in order, a 409 becomes a conflict, and each resolution settles it', async () => {
    // Decided offline: queued in order, shown pending on the kind's rows, a double click queued once;
    // a push while the backend is unreachable sends nothing and keeps them all.
    backend.link.down = true;
    const queued = [rename('m1', 'one'), rename('m2', 'two'), rename('m3', 'three')];
    expect(rename('m1', 'one').item.id).toBe(queued[0]!.item.id);
    expect(queued.map((q) => q.localState)).toEqual(['queued', 'queued', 'queued']);
    expect(repos.outbox.list(profileId).map((i) => [i.kind, i.targetId, i.baseVersion])).toEqual([
      [RENAME, 'm1', 1],
      [RENAME, 'm2', 1],
      [RENAME, 'm3', 1],
    ]);

    expect((await pusher.push()).error).not.toBeNull();
    expect(repos.outbox.list(profileId).map((i) => i.state)).toEqual(['queued', 'queued', 'queued']);
    expect(backend.received).toEqual([]);
    // A fresh pusher, so the retry the failed round scheduled does not race the pushes below.
    await pusher.stop();
    pusher = new OutboxPusher({ repos, client, profileId, retry: { baseDelayMs: 20, maxDelayMs: 200 }, attemptsPerSend: 1 });
    backend.link.down = false;

    // Meanwhile m2 and m3 change on the server.
    backend.editElsewhere('m2', 'elsewhere 2');
    backend.editElsewhere('m3', 'elsewhere 3');

    // Pushed in order, each with its If-Match and the key made when it was decided.
    expect(await pusher.push()).toEqual({ sent: 1, conflicts: 2, rejected: 0, error: null, stoppedBy: null });
    expect(backend.received).toEqual(queued.map(({ item }) => ({ id: item.targetId, ifMatch: '"1"', key: item.idempotencyKey, name: item.decision['name'] })));
    expect(cached('m1')).toMatchObject({ version: 2, name: 'one' });
    expect(state('m1')).toBe('synced');

    // Each 409 became a conflict holding both sides; the rows show it.
    const [onM2, onM3] = repos.conflicts.list(profileId);
    expect(onM2).toMatchObject({ kind: RENAME, targetId: 'm2', mine: { decision: { action: 'rename', name: 'two' }, baseVersion: 1 } });
    expect(onM2!.theirs).toMatchObject({ version: 2, name: 'elsewhere 2' });
    expect(onM3).toMatchObject({ targetId: 'm3', error: { code: 'stale_version' } });
    expect([state('m2'), state('m3')]).toEqual(['conflict', 'conflict']);
    expect(repos.outbox.list(profileId)).toEqual([]);

    // Keep mine: queued again on the server's version with a new key, and sent.
    const kept = conflicts.resolve(onM2!.id, 'keep_mine');
    const again = repos.outbox.get(kept.outboxId!)!;
    expect(again).toMatchObject({ targetId: 'm2', baseVersion: 2, decision: { action: 'rename', name: 'two' } });
    expect(again.idempotencyKey).not.toBe(queued[1]!.item.idempotencyKey);
    expect(state('m2')).toBe('queued');
    expect(await pusher.push()).toEqual({ sent: 1, conflicts: 0, rejected: 0, error: null, stoppedBy: null });
    expect(backend.rows.get('m2')).toMatchObject({ version: 3, name: 'two' });
    expect(cached('m2')).toMatchObject({ version: 3, name: 'two' });
    expect(state('m2')).toBe('synced');

    // Take theirs: the server's row is cached, nothing is sent.
    expect(conflicts.resolve(onM3!.id, 'take_theirs')).toEqual({ resolution: 'take_theirs', outboxId: null });
    expect(cached('m3')).toMatchObject({ version: 2, name: 'elsewhere 3' });
    expect(state('m3')).toBe('synced');

    // Discard: another conflict, dropped without sending or caching anything.
    rename('m1', 'uno');
    backend.editElsewhere('m1', 'elsewhere 1');
    expect(await pusher.push()).toMatchObject({ sent: 0, conflicts: 1 });
    const [onM1] = repos.conflicts.list(profileId);
    expect(state('m1')).toBe('conflict');
    const sends = backend.received.length;
    expect(conflicts.resolve(onM1!.id, 'discard')).toEqual({ resolution: 'discard', outboxId: null });
    expect(await pusher.push()).toEqual({ sent: 0, conflicts: 0, rejected: 0, error: null, stoppedBy: null });
    expect(backend.received).toHaveLength(sends);
    expect(cached('m1')).toMatchObject({ version: 2, name: 'one' });
    expect(state('m1')).toBe('synced');
    expect(repos.conflicts.list(profileId)).toEqual([]);
    expect(repos.outbox.list(profileId)).toEqual([]);
  });

  it('refuses a kind registered twice and an item of a kind nobody registered', () => {
    expect(() => createRepositories(repos.cache, { kinds: [...OUTBOX_KINDS, renameKind, renameKind] })).toThrow(/registered twice/);
    expect(() => decisions.queue('nobody_registered_this', 'm1', { action: 'x' })).toThrow(/no outbox kind "nobody_registered_this"/);
  });
});
