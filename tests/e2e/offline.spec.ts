import type { Page } from '@playwright/test';
import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import type { ConsolePage } from './pages/console-page.js';
import { LogDetailPage } from './pages/log-detail-page.js';
import { OfflinePage } from './pages/offline-page.js';
import { DEMO_ADMIN_TOKEN, fetchActivePauses, fetchServerLog, fetchServerPauses } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend, type SwitchableBackend } from './support/switchable-backend.js';

// The console talks to the backend through a proxy the test cuts: to the console the backend has
// stopped (connections refused), while the test still reads the server's truth directly.

/** Saves a screenshot as an artifact of the test. */
async function snapshot(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/** A listed log waiting for review that one more approval moves to `approved`. */
async function logOneApprovalFromApproved(detail: LogDetailPage, backendUrl: string): Promise<HealingLog> {
  for (const id of await detail.listedLogIds('pending_review')) {
    const log = await fetchServerLog(backendUrl, id);
    if (log.required_approvals - log.approvals.length === 1) return log;
  }
  throw new Error('no listed log waits for exactly one approval');
}

test.describe('working offline against a backend that stops and comes back', () => {
  let backend: SwitchableBackend | undefined;

  /** The console switched to a backend behind a proxy the test can cut. */
  async function onSwitchableBackend(consolePage: ConsolePage) {
    test.setTimeout(180_000);
    const page = consolePage.page;
    const offline = new OfflinePage(page, consolePage);
    const detail = new LogDetailPage(page);
    backend = await startSwitchableBackend();
    await offline.useBackend('Switchable', backend.proxyUrl, DEMO_ADMIN_TOKEN);
    return { page, offline, detail, backend };
  }

  test.afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  test('go offline, approve, come back: the approval waits in the outbox and lands on the server', async ({ consolePage }) => {
    const { page, offline, detail, backend } = await onSwitchableBackend(consolePage);

    const before = await logOneApprovalFromApproved(detail, backend.directUrl);
    await offline.showPluginLogs(before.plugin_id);
    const row = consolePage.row(before.id);
    await expect(row).toHaveAttribute('data-local-state', 'synced');

    await backend.goOffline();
    await offline.waitForConnectivity('offline');
    await consolePage.approve(row);
    await expect(row).toHaveAttribute('data-local-state', 'queued');
    await expect(row.getByTestId('log-local-state')).toHaveText('queued approve');
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '1');
    // Nothing reached the server while it was away.
    expect(await fetchServerLog(backend.directUrl, before.id)).toMatchObject({ status: 'pending_review', version: before.version });
    await snapshot(page, 'offline-approve-queued');

    await backend.goOnline();
    // No click: the console notices the backend is back and sends what waits.
    await offline.waitForConnectivity('online');
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0', { timeout: 60_000 });
    await expect(row).toHaveAttribute('data-local-state', 'synced');
    await expect(row).toHaveAttribute('data-status', 'approved');
    await expect(row.getByTestId('log-local-state')).toHaveText('synced');
    const after = await fetchServerLog(backend.directUrl, before.id);
    expect(after.status).toBe('approved');
    expect(after.approvals).toHaveLength(before.approvals.length + 1);
    expect(after.approvals.at(-1)).toMatchObject({ by: 'demo admin' });
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
    await snapshot(page, 'offline-approve-landed');
  });

  test('go offline, resume a paused auto-apply, come back: the banner says it is queued and the pause ends on the server', async ({ consolePage }) => {
    const { page, offline, detail, backend } = await onSwitchableBackend(consolePage);

    // The demo data holds rules paused on a plugin because their auto-applied patch was rolled back.
    const pause = (await fetchActivePauses(backend.directUrl)).find((p) => p.healing_log_id !== null);
    if (!pause?.healing_log_id) throw new Error('the demo backend has no auto-apply pause in force');
    await offline.showPluginLogs(pause.plugin_id);
    await detail.openLog(pause.healing_log_id);
    const banner = offline.pauseBanner(pause.id);
    await expect(banner).toHaveAttribute('data-local-state', 'synced');
    await expect(banner).toContainText(pause.rule_name);

    await backend.goOffline();
    await offline.waitForConnectivity('offline');
    await banner.getByTestId('resume-auto-apply').click();
    await expect(banner).toHaveAttribute('data-local-state', 'queued');
    await expect(banner.getByTestId('pause-local-state')).toHaveText('Resume queued — will sync');
    await expect(banner.getByTestId('resume-auto-apply')).toHaveCount(0);
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '1');
    const stillPaused = await fetchServerPauses(backend.directUrl, pause.plugin_id);
    expect(stillPaused.find((p) => p.id === pause.id)?.resumed_at).toBeNull();
    await banner.scrollIntoViewIfNeeded();
    await snapshot(page, 'offline-resume-queued');

    await backend.goOnline();
    await offline.waitForConnectivity('online');
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0', { timeout: 60_000 });
    // Resumed: the pause is no longer in force, so its banner goes.
    await expect(banner).toHaveCount(0);
    const resumed = (await fetchServerPauses(backend.directUrl, pause.plugin_id)).find((p) => p.id === pause.id);
    expect(resumed?.resumed_at).not.toBeNull();
    await expect(detail.detail).toHaveAttribute('data-log-id', pause.healing_log_id);
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
    await snapshot(page, 'offline-resume-landed');
  });
});
