import { expect, type Locator, type Page } from '@playwright/test';
import { LogDetailPage } from './log-detail-page.js';

/** Reaches the screens and dialogs the accessibility checks visit, the way a user opens them. */
export class ScreensTour {
  readonly detail: LogDetailPage;
  readonly closeDetail: Locator;

  constructor(readonly page: Page) {
    this.detail = new LogDetailPage(page);
    this.closeDetail = page.getByRole('button', { name: 'Close the detail pane' });
  }

  /** Opens, among the first listed applied logs, one whose detail shows a state diff. */
  async openAppliedLogWithDiff(): Promise<void> {
    await this.detail.showOnlyStatus('applied');
    for (const id of (await this.detail.listedLogIds('applied')).slice(0, 10)) {
      await this.detail.openLog(id);
      await expect(this.page.getByTestId('state-diff').or(this.page.getByTestId('state-diff-none'))).toBeVisible();
      if (await this.detail.diff.isVisible()) {
        await expect(this.detail.diff.locator('.cm-editor').first()).toBeVisible();
        return;
      }
    }
    throw new Error('none of the first ten applied logs has a state diff to show');
  }

  async closeDetailPane(): Promise<void> {
    await this.closeDetail.click();
    await expect(this.page.locator('.logs-split')).toHaveAttribute('data-detail', 'closed');
  }

  async goTo(page: 'logs' | 'overview' | 'conflicts' | 'settings', ready: Locator): Promise<void> {
    await this.page.getByTestId(`nav-${page}`).click();
    await expect(ready).toBeVisible();
  }
}
