import type { Page } from '@playwright/test';
import { DecisionNotices } from './pages/decision-notices-page.js';
import { PatchRolloutPage } from './pages/patch-rollout-page.js';
import { WelcomePage } from './pages/welcome-page.js';
import { authorPatchOnServer, backendCall, DEMO_ADMIN_TOKEN, DEMO_REVIEWER_TOKEN } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend, type SwitchableBackend } from './support/switchable-backend.js';

// A patch version's staged rollout end to end: approved on the backend, it rolls out at 5 %; the
// console's admin (who may review) advances it from the patch's page through the outbox, then aborts
// it with a reason; the backend's halted-rollout alert shows firing at the top of the Runbook, linked
// to the patch. The server's state is read past the console.
test.describe.configure({ timeout: 150_000 });

// This spec's consoles roll approvals out in steps (the end-to-end backend otherwise serves them at once).
let stepsBefore: string | undefined;
test.beforeAll(() => {
  stepsBefore = process.env['MOLAM_ROLLOUT_STEPS'];
  process.env['MOLAM_ROLLOUT_STEPS'] = '5,25,100';
});
test.afterAll(() => {
  if (stepsBefore === undefined) delete process.env['MOLAM_ROLLOUT_STEPS'];
  else process.env['MOLAM_ROLLOUT_STEPS'] = stepsBefore;
});

interface ServerRollout {
  version: number;
  state: string;
  step_index: number;
  share_pct: number;
  halted_reason: string | null;
}

const rolloutOnServer = async (backendUrl: string, patchId: string) =>
  (await backendCall<{ rollout: ServerRollout | null }>(backendUrl, 'GET', `/api/dev/patches/${patchId}/rollout`, DEMO_ADMIN_TOKEN)).rollout;

async function snapshot(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

test('a reviewer advances a rollout from the patch page through the outbox, aborts it, and its alert shows firing on the Runbook', async ({ consolePage, consoleProcess, page }) => {
  const backendUrl = consoleProcess.backendUrl;
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const failure = { sdk: 'node', status: 422, error_code: `e2e_rollout_${tag}`, error: `Processor declined ${tag}` };
  const patchId = await authorPatchOnServer(backendUrl, failure);
  await backendCall(backendUrl, 'POST', `/api/dev/patches/${patchId}/versions/1/approve`, DEMO_REVIEWER_TOKEN, { comment: 'roll it out' });
  expect(await rolloutOnServer(backendUrl, patchId)).toMatchObject({ version: 1, state: 'rolling', step_index: 0, share_pct: 5 });

  const rollout = new PatchRolloutPage(page);
  await rollout.openPatch(patchId, failure.error_code, 'rolling');
  await expect(rollout.summary).toContainText('Version 1, step 1 of 3: served to 5% of developers.');
  await expect(page.getByTestId('rollout-rollback-rate')).toHaveText('no application yet');
  await expect(rollout.action('resume')).toBeDisabled();
  await expect(page.locator(`[data-testid="patch-row"][data-patch-id="${patchId}"]`).getByTestId('patch-rollout-badge')).toHaveText('rolling out, 5%');

  await rollout.action('advance').click();
  const notices = new DecisionNotices(page);
  await expect(notices.withTopic('sent')).toContainText(`Advance of the rollout of version 1 of patch “${failure.error_code}” sent.`);
  await expect(rollout.summary).toContainText('step 2 of 3: served to 25% of developers.');
  await expect(rollout.panel).toHaveAttribute('data-local-state', 'synced');
  expect(await rolloutOnServer(backendUrl, patchId)).toMatchObject({ state: 'rolling', step_index: 1, share_pct: 25 });
  await snapshot(page, 'rollout-advanced');

  await rollout.abort('merchants report double charges');
  await expect(rollout.panel).toHaveAttribute('data-rollout-state', 'halted');
  await expect(page.getByTestId('rollout-halted-reason')).toContainText('merchants report double charges');
  for (const action of ['advance', 'hold', 'resume', 'abort'] as const) await expect(rollout.action(action)).toBeDisabled();
  expect(await rolloutOnServer(backendUrl, patchId)).toMatchObject({ state: 'halted', share_pct: 0, halted_reason: expect.stringContaining('merchants report double charges') });

  await page.getByTestId('nav-runbook').click();
  const alert = await rollout.waitForAlert('SelfHealRolloutHalted', patchId, 'firing');
  await expect(alert).toContainText('Rollout halted');
  await expect(alert.getByTestId('alert-open-patch')).toHaveText(failure.error_code);
  await expect(alert.locator('time').first()).toHaveAttribute('datetime', /Z$/);
  await expect(rollout.alerts.getByTestId('alerts-counts')).toContainText(/\d+ firing/);
  await snapshot(page, 'runbook-alert-firing');

  await alert.getByTestId('alert-open-patch').click();
  await expect(page.getByTestId('patch-detail')).toHaveAttribute('data-patch-id', patchId);
  await expect(rollout.panel).toHaveAttribute('data-rollout-state', 'halted');
  void consolePage;
});

test.describe('a reviewer on another console, working offline', () => {
  // The reviewer's console starts fresh and connects to a backend the test can cut.
  test.use({ firstStart: true });
  let backend: SwitchableBackend | undefined;
  test.afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  test('an advance queued offline shows pending on the rollout; the backend halted the rollout meanwhile, so it becomes a conflict card saying so', async ({ consolePage, page }) => {
    backend = await startSwitchableBackend({ rolloutSteps: [5, 25, 100] });
    const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const failure = { sdk: 'node', status: 422, error_code: `e2e_rollout_offline_${tag}`, error: `Processor declined ${tag}` };
    const patchId = await authorPatchOnServer(backend.directUrl, failure);
    await backendCall(backend.directUrl, 'POST', `/api/dev/patches/${patchId}/versions/1/approve`, DEMO_REVIEWER_TOKEN, {});

    await new WelcomePage(page).connect('Reviewer desk', backend.proxyUrl, DEMO_REVIEWER_TOKEN);
    await consolePage.waitForFirstSync();
    const rollout = new PatchRolloutPage(page);
    await rollout.openPatch(patchId, failure.error_code, 'rolling');

    await backend.goOffline();
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'offline', { timeout: 60_000 });
    await rollout.action('advance').click();
    const notices = new DecisionNotices(page);
    await expect(notices.withTopic('queued')).toContainText(`Advance of the rollout of version 1 of patch “${failure.error_code}” queued`);
    await expect(rollout.panel).toHaveAttribute('data-local-state', 'queued');
    await expect(page.getByTestId('rollout-pending')).toHaveText('Your advance is queued: it is sent when the backend answers.');
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '1');

    // Meanwhile another hand halts the rollout on the backend.
    await backendCall(backend.directUrl, 'POST', `/api/dev/patches/${patchId}/rollout`, DEMO_ADMIN_TOKEN, { action: 'abort', version: 1, reason: 'halted elsewhere' });
    expect(await rolloutOnServer(backend.directUrl, patchId)).toMatchObject({ state: 'halted', step_index: 0 });

    await backend.goOnline();
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'online', { timeout: 60_000 });
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0', { timeout: 60_000 });
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '1');
    await expect(rollout.panel).toHaveAttribute('data-local-state', 'conflict');

    await page.getByTestId('nav-conflicts').click();
    const card = page.locator(`[data-testid="conflict-card"][data-kind="patch_rollout"][data-target-id="${patchId}"]`);
    await expect(card.getByTestId('conflict-theirs-summary')).toContainText('The rollout of version 1 was halted');
    await expect(card.getByTestId('conflict-mine')).toContainText('advance the rollout of version 1 to its next step');
    await snapshot(page, 'rollout-conflict');
    await card.getByTestId('conflict-take-theirs').click();
    await expect(card).toHaveCount(0);
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
    expect(await rolloutOnServer(backend.directUrl, patchId)).toMatchObject({ state: 'halted', step_index: 0 });

    await rollout.openPatch(patchId, failure.error_code, 'halted');
    await expect(rollout.panel).toHaveAttribute('data-local-state', 'synced');
    await expect(page.getByTestId('rollout-halted-reason')).toContainText('halted elsewhere');
  });
});
