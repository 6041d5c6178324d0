import { expect, type Locator, type Page } from '@playwright/test';
import type { ConsolePage } from './console-page.js';

/** Locators and actions for working offline: switching backends, the plugin filter, the pause banner. */
export class OfflinePage {
  readonly pluginFilter: Locator;
  readonly detail: Locator;

  constructor(
    readonly page: Page,
    private readonly consolePage: ConsolePage,
  ) {
    this.pluginFilter = page.getByTestId('filter-plugin');
    this.detail = page.getByTestId('log-detail');
  }

  /** Adds a backend profile, makes it the active one and waits for its first sync. */
  async useBackend(name: string, url: string, token: string): Promise<void> {
    await this.consolePage.goToSettings();
    await this.consolePage.addProfile({ name, url, token });
    await this.consolePage.profileRow(name).getByTestId('profile-use').click();
    await expect(this.consolePage.profileRow(name)).toHaveAttribute('data-active', 'true');
    await this.page.getByTestId('nav-logs').click();
    await this.consolePage.waitForFirstSync();
  }

  /** All logs of one plugin, whatever their status: a row stays in view when a decision changes it. */
  async showPluginLogs(pluginId: string): Promise<void> {
    await this.consolePage.showAllLogs();
    await this.pluginFilter.fill(pluginId);
  }

  pauseBanner(pauseId: string): Locator {
    return this.page.locator(`[data-testid="pause-banner"][data-pause-id="${pauseId}"]`);
  }

  async waitForConnectivity(value: 'online' | 'offline', timeout = 60_000): Promise<void> {
    await expect(this.consolePage.connectivity).toHaveAttribute('data-value', value, { timeout });
  }
}
