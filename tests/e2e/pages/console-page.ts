import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the console window, so tests read as what a user does. */
export class ConsolePage {
  readonly root: Locator;
  readonly connectivity: Locator;
  readonly lastSync: Locator;
  readonly outboxDepth: Locator;
  readonly conflicts: Locator;
  readonly logRows: Locator;
  readonly logsNotWaitingForReview: Locator;
  readonly secretStorage: Locator;
  readonly profileRows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('app-root');
    this.connectivity = page.getByTestId('sync-connectivity');
    this.lastSync = page.getByTestId('sync-last-success');
    this.outboxDepth = page.getByTestId('sync-outbox-depth');
    this.conflicts = page.getByTestId('sync-conflicts');
    this.logRows = page.getByTestId('log-row');
    this.logsNotWaitingForReview = page.locator('[data-testid="log-row"]:not([data-status="pending_review"])');
    this.secretStorage = page.getByTestId('secret-storage');
    this.profileRows = page.getByTestId('profile-row');
  }

  /** Opens the console and waits until it says it is ready. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.root).toHaveAttribute('data-app-state', 'ready');
  }

  /** Waits until the console is online and its first sync has brought logs into the list. */
  async waitForFirstSync(): Promise<void> {
    await expect(this.connectivity).toHaveAttribute('data-value', 'online');
    await expect(this.page.getByTestId('sync-status-bar')).toHaveAttribute('data-initial-sync-done', 'true');
    await expect(this.logRows.first()).toBeVisible();
  }

  /** The first log in the list that still waits for a review decision. */
  firstDecidableRow(): Locator {
    return this.logRows.filter({ has: this.page.locator('[data-testid="approve-log"]:enabled') }).first();
  }

  row(logId: string): Locator {
    return this.page.locator(`[data-testid="log-row"][data-log-id="${logId}"]`);
  }

  async approve(row: Locator): Promise<void> {
    await row.getByTestId('approve-log').click();
  }

  async reject(row: Locator, reason: string): Promise<void> {
    await row.getByTestId('reject-log').click();
    await this.page.getByTestId('reject-reason').fill(reason);
    await this.page.getByTestId('confirm-reject').click();
  }

  async showAllLogs(): Promise<void> {
    await this.page.getByTestId('log-scope').selectOption('all');
  }

  /** Adds a backend profile through the settings form (without switching to it). */
  async addProfile(profile: { name: string; url: string; token: string }): Promise<void> {
    await this.page.getByTestId('profile-add').click();
    await this.page.getByTestId('profile-name').fill(profile.name);
    await this.page.getByTestId('profile-url').fill(profile.url);
    await this.page.getByTestId('profile-token').fill(profile.token);
    await this.page.getByTestId('profile-save').click();
    await expect(this.page.getByTestId('profile-form')).toHaveCount(0);
  }

  profileRow(name: string): Locator {
    return this.profileRows.filter({ hasText: name });
  }

  async goToSettings(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await expect(this.page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  }
}
