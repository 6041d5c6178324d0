import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopAlert } from '../../src-shared/ipc/notifications.js';
import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import { CacheDb } from '../cache/cache-db.js';
import { createRepositories, type Repositories } from '../cache/repositories/index.js';
import { fakeLog } from '../cache/testing/fake-logs.js';
import { createIpcRouter } from '../ipc/router.js';
import { FileSecretStore } from './secret-store.js';
import { startMainServices } from '../app/main-services.js';
import { MainLanguageSetting } from '../i18n/main-language.js';
import { URGENT_LOOK_LIMIT, createCacheNotifier, type DesktopNotificationPort, type Notifier } from './notifier.js';

// The cache, its change events and the sync state are real; only the OS boundary (Electron's
// Notification) is a stand-in that records what it was asked to show.
class RecordingPort implements DesktopNotificationPort {
  readonly shown: DesktopAlert[] = [];
  failNext = false;
  constructor(readonly supported = true) {}
  show(alert: DesktopAlert): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the notification service went away');
    }
    this.shown.push(alert);
  }
}

let serial = 1_000;
/** A log as the feed brings it: pending review unless told otherwise, created after every earlier one. */
function incoming(overrides: Partial<HealingLog> = {}): HealingLog {
  serial++;
  return fakeLog(serial, { status: 'pending_review', issue_severity: 'critical', ...overrides });
}

describe('the desktop notifier', () => {
  let dir: string;
  let repos: Repositories;
  let port: RecordingPort;
  let notifier: Notifier;
  let language: MainLanguageSetting;
  const lines: string[] = [];
  /** One page of the change feed, applied the way the sync engine does: rows and cursor in one transaction. */
  const page = (logs: HealingLog[], initialSyncDone = true) =>
    repos.cache.transaction(() => {
      for (const log of logs) repos.logs.upsert(log);
      repos.syncState.setCursor(serial, initialSyncDone);
    });
  const start = (withPort = new RecordingPort()) => {
    port = withPort;
    language = new MainLanguageSetting('en');
    notifier = createCacheNotifier(repos, port, (line) => lines.push(line), language.format, (run) => run());
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-notifier-test-'));
    repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
    for (const id of ['p1', 'p2']) repos.profiles.insert({ id, name: id, url: 'http://127.0.0.1:1', embedded: false, createdAt: '2026-01-01T00:00:00Z' });
    repos.syncState.resetSyncedData('p1');
    lines.length = 0;
  });
  afterEach(() => {
    notifier.dispose();
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stays quiet through the first sync’s backlog, then announces each new urgent item once', () => {
    start();
    page([incoming(), incoming({ issue_severity: 'high' })], false);
    page([incoming()], true);
    expect(port.shown).toEqual([]);

    const fresh = incoming({ plugin_id: 'wc-shop-7', detected_issue: 'Unknown column fee in field list' });
    page([fresh, incoming({ issue_severity: 'low' }), incoming({ issue_severity: 'medium' }), incoming({ status: 'approved' })]);
    expect(port.shown).toEqual([{ title: 'New critical item waiting for review', body: 'wc-shop-7: Unknown column fee in field list' }]);

    // The same log changing again (a second approval, a local decision) is not news.
    page([{ ...fresh, version: 2, approvals: [{ by: 'demo reviewer', role: 'reviewer', at: fresh.created_at }] }]);
    repos.outbox.add({ profileId: 'p1', kind: 'log', targetId: fresh.id, decision: { action: 'approve' }, baseVersion: 2, idempotencyKey: 'k', decidedAt: 't' });
    expect(port.shown).toHaveLength(1);
  });

  it('announces a page of several new items in one notification', () => {
    start();
    page([], true);
    page([incoming(), incoming({ issue_severity: 'high' }), incoming({ issue_severity: 'high' })]);
    expect(port.shown).toHaveLength(1);
    expect(port.shown[0]!.title).toBe('3 new high or critical items waiting for review (1 critical)');
  });

  it('remembers what the cache holds at start when the first sync was done in an earlier run', () => {
    page([incoming(), incoming()], true);
    start();
    expect(port.shown).toEqual([]);
    page([incoming({ issue_severity: 'high' })]);
    expect(port.shown.map((a) => a.title)).toEqual(['New high item waiting for review']);
  });

  it('starts over after a switch of profile: the new backend’s backlog is not announced', () => {
    start();
    page([], true);
    repos.syncState.resetSyncedData('p2');
    page([incoming(), incoming()], false);
    page([incoming()], true);
    expect(port.shown).toEqual([]);
    page([incoming()]);
    expect(port.shown).toHaveLength(1);
  });

  it('does not mistake older backlog beyond its first read for news', () => {
    const backlog = Array.from({ length: URGENT_LOOK_LIMIT + 20 }, () => incoming());
    page(backlog, true);
    start();
    // Reviewers clear the newest part of the backlog elsewhere; older items slide into view.
    page(backlog.slice(-30).map((log) => ({ ...log, status: 'approved' as const, version: 2 })));
    expect(port.shown).toEqual([]);
    page([incoming()]);
    expect(port.shown).toHaveLength(1);
  });

  it('words its alerts in the language the console chose, switched live', () => {
    start();
    page([], true);
    language.chosen('fr');
    page([incoming({ plugin_id: 'wc-shop-7', detected_issue: 'Unknown column fee' })]);
    page([incoming(), incoming({ issue_severity: 'high' }), incoming({ issue_severity: 'high' })]);
    language.chosen('en');
    page([incoming({ issue_severity: 'high' })]);
    expect(port.shown.map((alert) => alert.title)).toEqual([
      'Nouvel élément de gravité critique en attente de revue',
      '3 nouveaux éléments de gravité élevée ou critique en attente de revue (1 critique)',
      'New high item waiting for review',
    ]);
    expect(port.shown[0]!.body).toBe('wc-shop-7: Unknown column fee');
  });

  it('shows nothing where the OS cannot, and says so', () => {
    start(new RecordingPort(false));
    page([], true);
    page([incoming()]);
    expect(port.shown).toEqual([]);
    expect(notifier.status()).toEqual({ shownBy: 'main', supported: false });
  });

  it('logs a notification that fails and keeps announcing later items', () => {
    start();
    page([], true);
    port.failNext = true;
    page([incoming()]);
    expect(lines.join('\n')).toMatch(/could not be shown: the notification service went away/);
    page([incoming()]);
    expect(port.shown).toHaveLength(1);
  });

  it('stops looking once disposed', () => {
    start();
    page([], true);
    notifier.dispose();
    page([incoming()]);
    expect(port.shown).toEqual([]);
  });
});

describe('who announces, as the page asks it', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const ask = async (desktopNotifications?: DesktopNotificationPort) => {
    const dir = mkdtempSync(join(tmpdir(), 'molam-notifier-wiring-'));
    folders.push(dir);
    const services = await startMainServices({
      dataDir: dir,
      secretStore: new FileSecretStore(join(dir, 'tokens.json')),
      embedded: false,
      ...(desktopNotifications ? { desktopNotifications } : {}),
    });
    try {
      const router = createIpcRouter(services, { checkResponses: true });
      // The renderer tells main its language: main answers the one in force, and refuses one it has no catalog for.
      expect(await router.invoke('ops:notifications.setLanguage', { language: 'fr' })).toEqual({ ok: true, data: { language: 'fr' } });
      const refused = await router.invoke('ops:notifications.setLanguage', { language: 'de' } as never);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      expect(JSON.stringify(refused)).toContain('language');
      return await router.invoke('ops:notifications.status', {});
    } finally {
      await services.close();
    }
  };

  it('is the main process when the shell gives it the OS’s notifications, else the page', async () => {
    expect(await ask(new RecordingPort())).toEqual({ ok: true, data: { shownBy: 'main', supported: true } });
    expect(await ask(new RecordingPort(false))).toEqual({ ok: true, data: { shownBy: 'main', supported: false } });
    expect(await ask()).toEqual({ ok: true, data: { shownBy: 'renderer' } });
  });
});
