import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the detail pane and the conflicts inbox. */
export class LogDetailPage {
  readonly pane: Locator;
  readonly detail: Locator;
  readonly diff: Locator;
  readonly collapsedMarkers: Locator;
  readonly conflictCards: Locator;
  /** The reject form inside the pane (the same form the table's dialog uses). */
  readonly rejectButton: Locator;
  readonly rejectForm: Locator;
  readonly rejectReason: Locator;

  constructor(readonly page: Page) {
    this.pane = page.getByTestId('detail-pane');
    this.detail = page.getByTestId('log-detail');
    this.diff = page.getByTestId('state-diff');
    this.collapsedMarkers = this.diff.locator('.cm-collapsedLines');
    this.conflictCards = page.getByTestId('conflict-card');
    this.rejectButton = page.getByTestId('detail-reject');
    this.rejectForm = page.getByTestId('detail-reject-dialog');
    this.rejectReason = page.getByTestId('detail-reject-reason');
  }

  /** Ids of the listed logs in a given status. */
  async listedLogIds(status: string): Promise<string[]> {
    const rows = this.page.locator(`[data-testid="log-row"][data-status="${status}"]`);
    await expect(rows.first()).toBeVisible();
    return rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-log-id')!));
  }

  /** Narrows the all-logs table to one status with its status filter. */
  async showOnlyStatus(status: string): Promise<void> {
    await this.page.getByTestId('log-scope').selectOption('all');
    await this.page.getByTestId('filter-status').locator('summary').click();
    await this.page.getByTestId(`filter-status-${status}`).check();
    await this.page.getByTestId('filter-status').locator('summary').click();
  }

  /** Selects a listed log and waits for the pane to show it. */
  async openLog(logId: string): Promise<void> {
    await this.page.locator(`[data-testid="log-row"][data-log-id="${logId}"]`).click();
    await expect(this.detail).toHaveAttribute('data-log-id', logId);
  }

  async chooseDiffLayout(layout: 'split' | 'unified'): Promise<void> {
    await this.page.getByTestId(`diff-layout-${layout}`).click();
    await expect(this.diff).toHaveAttribute('data-layout', layout);
  }

  async toggleCollapse(): Promise<void> {
    await this.page.getByTestId('diff-toggle-collapse').click();
  }

  async rollBack(reason: string): Promise<void> {
    await this.page.getByTestId('detail-rollback').click();
    await expect(this.page.getByTestId('confirm-panel')).toBeVisible();
    await this.page.getByTestId('rollback-reason').fill(reason);
    await this.page.getByTestId('confirm-action').click();
  }

  async goToConflicts(): Promise<void> {
    await this.page.getByTestId('nav-conflicts').click();
    await expect(this.page.getByTestId('conflicts-page')).toBeVisible();
  }

  conflictFor(logId: string): Locator {
    return this.page.locator(`[data-testid="conflict-card"][data-log-id="${logId}"]`);
  }
}
