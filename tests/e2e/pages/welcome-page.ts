import { expect, type Locator, type Page } from '@playwright/test';

/** The first start's welcome screen and the sync bar's account of the backend. */
export class WelcomePage {
  readonly screen: Locator;
  readonly url: Locator;
  readonly token: Locator;
  readonly name: Locator;
  readonly result: Locator;
  readonly syncBackend: Locator;
  readonly offlineReason: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('welcome-screen');
    this.url = page.getByTestId('welcome-url');
    this.token = page.getByTestId('welcome-token');
    this.name = page.getByTestId('welcome-name');
    this.result = page.getByTestId('connection-result');
    this.syncBackend = page.getByTestId('sync-backend');
    this.offlineReason = page.getByTestId('sync-offline-reason');
  }

  async continueWithDemo(): Promise<void> {
    await this.page.getByTestId('welcome-demo').click();
    await expect(this.screen).toBeHidden({ timeout: 60_000 });
  }

  /** Types a backend and presses "Test connection"; resolves with the failure kind or "ok". */
  async test(url: string, token = ''): Promise<string | null> {
    await this.url.fill(url);
    await this.token.fill(token);
    await this.page.getByTestId('welcome-test').click();
    await expect(this.result).toBeVisible();
    return this.result.getAttribute('data-outcome');
  }

  async connect(name: string, url: string, token: string): Promise<void> {
    await this.name.fill(name);
    await this.url.fill(url);
    await this.token.fill(token);
    await this.page.getByTestId('welcome-connect').click();
    await expect(this.screen).toBeHidden({ timeout: 30_000 });
  }
}
