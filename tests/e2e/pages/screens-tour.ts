import { expect, type Locator, type Page } from '@playwright/test';
import type { HealingLog } from '../../../src-shared/schemas/autoheal.js';
import { DEMO_ADMIN_TOKEN, backendCall } from '../support/backend-api.js';
import { LogDetailPage } from './log-detail-page.js';
import { PatchPreviewPage } from './patch-preview-page.js';

/** Reaches the screens and dialogs the accessibility checks visit, the way a user opens them. */
export class ScreensTour {
  readonly detail: LogDetailPage;
  readonly preview: PatchPreviewPage;
  readonly closeDetail: Locator;
  readonly wideDiff: Locator;

  constructor(readonly page: Page) {
    this.detail = new LogDetailPage(page);
    this.preview = new PatchPreviewPage(page);
    this.closeDetail = page.getByRole('button', { name: 'Close the detail pane' });
    this.wideDiff = page.getByTestId('diff-dialog');
  }

  /**
   * Opens a log waiting for review whose patch is of `patchType` (found on the backend), and waits for
   * its "What this patch changes" preview of `kind`.
   */
  async openPendingLog(backendUrl: string, patchType: 'config_update' | 'code_patch', kind: 'state' | 'code'): Promise<void> {
    const { items } = await backendCall<{ items: HealingLog[] }>(backendUrl, 'GET', '/api/v1/plugins/autoheal/logs?status=pending_review&limit=500', DEMO_ADMIN_TOKEN);
    const log = items.find((item) => item.patch_type === patchType);
    if (!log) throw new Error(`the demo data has no ${patchType} waiting for review`);
    await this.page.getByTestId('log-scope').selectOption('all');
    await this.page.getByTestId('filter-plugin').fill(log.plugin_id);
    await expect(this.page.locator(`[data-testid="log-row"][data-log-id="${log.id}"]`)).toBeVisible();
    await this.detail.openLog(log.id);
    await expect(this.preview.section).toHaveAttribute('data-kind', kind);
    await expect(this.preview.section.locator('.cm-editor').first()).toBeVisible();
  }

  /** Clears the plugin filter the pending-log search set. */
  async clearPluginFilter(): Promise<void> {
    await this.page.getByTestId('filter-plugin').fill('');
  }

  /** Opens the first listed applied log (it can be rolled back). */
  async openFirstAppliedLog(): Promise<void> {
    await this.detail.showOnlyStatus('applied');
    const [first] = await this.detail.listedLogIds('applied');
    await this.detail.openLog(first!);
  }

  async openWideDiff(): Promise<void> {
    await this.page.getByTestId('diff-dialog-open').click();
    await expect(this.wideDiff.locator('.cm-editor').first()).toBeVisible();
  }

  async closeWideDiff(): Promise<void> {
    await this.page.getByTestId('diff-dialog-close').click();
    await expect(this.wideDiff).not.toBeVisible();
  }

  async closeDetailPane(): Promise<void> {
    await this.closeDetail.click();
    await expect(this.page.locator('.logs-split')).toHaveAttribute('data-detail', 'closed');
  }

  async goTo(page: 'logs' | 'overview' | 'conflicts' | 'settings' | 'patches' | 'patch-reviews' | 'runbook', ready: Locator): Promise<void> {
    await this.page.getByTestId(`nav-${page}`).click();
    await expect(ready).toBeVisible();
  }

  /** The SDK patches screen, its rows read. */
  async openPatches(): Promise<void> {
    await this.goTo('patches', this.page.getByTestId('patch-row').first());
  }

  /** The first active patch's deactivation confirmation, with the lookups it answered in the last hour. */
  async openDeactivateDialog(): Promise<void> {
    await this.page.locator('[data-testid="patch-row"][data-state="active"]').first().getByTestId('patch-deactivate').click();
    await expect(this.page.getByTestId('deactivate-dialog')).toBeVisible();
    await expect(this.page.getByTestId('deactivate-cost')).toBeVisible();
  }

  async closeDeactivateDialog(): Promise<void> {
    await this.page.getByTestId('cancel-deactivate').click();
    await expect(this.page.getByTestId('deactivate-dialog')).toHaveCount(0);
  }

  /** The first patch's versions in the detail panel. */
  async openPatchVersions(): Promise<void> {
    const opener = this.page.getByTestId('patch-open').first();
    // The panel stays open across visits: a second click would close it.
    if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
    await expect(this.page.getByTestId('patch-version-row').first()).toBeVisible();
  }

  /**
   * The demo patch whose latest version is still rolling out (its match names `api_key_expired`):
   * its rollout panel, and the form that asks why the rollout is aborted.
   */
  async openRolloutAbortForm(): Promise<void> {
    await this.page.getByTestId('patch-filter-search').fill('api_key_expired');
    const row = this.page.locator('[data-testid="patch-row"]', { has: this.page.locator('[data-testid="patch-rollout-badge"][data-rollout-state="rolling"]') }).first();
    const opener = row.getByTestId('patch-open');
    if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
    await expect(this.page.getByTestId('rollout-panel')).toHaveAttribute('data-rollout-state', 'rolling');
    await this.page.getByTestId('rollout-abort').click();
    await expect(this.page.getByTestId('abort-rollout-dialog')).toBeVisible();
  }

  async closeRolloutAbortForm(): Promise<void> {
    await this.page.getByTestId('cancel-abort-rollout').click();
    await expect(this.page.getByTestId('abort-rollout-dialog')).toHaveCount(0);
    await this.page.getByTestId('patch-filter-search').fill('');
  }

  /** The patch review queue, its first version's diff drawn. */
  async openPatchReviews(): Promise<void> {
    await this.goTo('patch-reviews', this.page.getByTestId('patch-review').first());
    await expect(this.page.getByTestId('version-diff').first().locator('.cm-editor').first()).toBeVisible();
  }

  /** The reject form of the first version waiting for review. */
  async openPatchRejectForm(): Promise<void> {
    await this.page.getByTestId('review-reject').first().click();
    await expect(this.page.getByTestId('review-reject-dialog')).toBeVisible();
  }

  async closePatchRejectForm(): Promise<void> {
    await this.page.getByTestId('review-cancel-reject').click();
    await expect(this.page.getByTestId('review-reject-dialog')).toHaveCount(0);
  }

  /**
   * Visits the SDK patch screens and their dialogs the way a user opens them, calling `check` on each:
   * the patches table, a deactivation confirmation, a patch's versions and rollout, a rollout's abort
   * form, the patch review queue with a version's diff, its reject form, and the runbook with its alerts.
   */
  async visitPatchScreens(check: (screen: string) => Promise<void>): Promise<void> {
    await this.openPatches();
    await check('SDK patches');
    await this.openDeactivateDialog();
    await check('SDK patches, deactivation confirmation');
    await this.closeDeactivateDialog();
    await this.openPatchVersions();
    await check('SDK patches, a patch’s versions');
    await this.openRolloutAbortForm();
    await check('SDK patches, a rollout’s abort form');
    await this.closeRolloutAbortForm();
    await this.openPatchReviews();
    await check('patch reviews, version diff and dry run');
    await this.openPatchRejectForm();
    await check('patch reviews, reject form');
    await this.closePatchRejectForm();
    await this.openRunbook();
    await check('runbook');
  }

  /** The runbook's tables. */
  async openRunbook(): Promise<void> {
    await this.goTo('runbook', this.page.getByTestId('runbook-most_used'));
    await expect(this.page.getByTestId('runbook-alerts')).toBeVisible();
  }
}
