import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the review queue and the all-logs table (keyboard triage, bulk actions). */
export class ReviewQueuePage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly cursorRow: Locator;
  readonly rejectDialog: Locator;
  readonly shortcuts: Locator;
  readonly search: Locator;
  readonly bulkBar: Locator;
  readonly bulkPreview: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByTestId('log-table');
    this.rows = page.getByTestId('log-row');
    this.cursorRow = page.locator('[data-testid="log-row"][data-cursor="true"]');
    this.rejectDialog = page.getByTestId('reject-dialog');
    this.shortcuts = page.getByTestId('shortcuts-help');
    this.search = page.getByTestId('filter-search');
    this.bulkBar = page.getByTestId('bulk-bar');
    this.bulkPreview = page.getByTestId('bulk-preview');
  }

  /** Waits until the queue's table shows rows (not the loading or empty state). */
  async waitForRows(): Promise<void> {
    await expect(this.table).toHaveAttribute('data-state', 'ready');
    await expect(this.rows.first()).toBeVisible();
  }

  rowAt(index: number): Locator {
    return this.page.locator(`[data-testid="log-row"][data-index="${index}"]`);
  }

  /** Presses keys as a user does with the focus outside any text field. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  async cursorLogId(): Promise<string> {
    await expect(this.cursorRow).toHaveCount(1);
    return (await this.cursorRow.getAttribute('data-log-id'))!;
  }

  async checkRange(from: number, to: number): Promise<void> {
    await this.rowAt(from).getByTestId('row-check').click();
    await this.rowAt(to).getByTestId('row-check').click({ modifiers: ['Shift'] });
  }
}
