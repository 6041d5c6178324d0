import { expect, type Locator, type Page } from '@playwright/test';

/** Locators and actions of the overview page and the theme selector. */
export class OverviewPage {
  readonly root: Locator;
  readonly statCards: Locator;
  readonly distributionChart: Locator;
  readonly calibrationChart: Locator;
  readonly timelineChart: Locator;
  readonly whatIf: Locator;
  readonly thresholdSlider: Locator;
  readonly autoApplied: Locator;
  readonly failureRate: Locator;
  readonly themeSelector: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('overview-page');
    this.statCards = page.getByTestId('stat-cards');
    this.distributionChart = page.getByTestId('chart-distribution');
    this.calibrationChart = page.getByTestId('chart-calibration');
    this.timelineChart = page.getByTestId('chart-timeline');
    this.whatIf = page.getByTestId('threshold-what-if');
    this.thresholdSlider = page.getByLabel('Auto-apply threshold', { exact: true });
    this.autoApplied = page.getByTestId('what-if-auto-applied');
    this.failureRate = page.getByTestId('what-if-failure-rate');
    this.themeSelector = page.getByRole('group', { name: 'Theme' });
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-overview').click();
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  async choosePeriod(days: 7 | 30 | 90): Promise<void> {
    await this.page.getByTestId(`period-${days}`).click();
    await expect(this.root).toHaveAttribute('data-period', String(days));
    await expect(this.root).toHaveAttribute('data-state', 'ready');
  }

  stat(key: string): Locator {
    return this.page.getByTestId(`stat-${key}`).getByTestId('stat-value');
  }

  /** Picks one of the theme selector's choices by its label. */
  async chooseTheme(label: 'Light' | 'Dark' | 'Follow the system'): Promise<void> {
    await this.themeSelector.getByRole('radio', { name: label }).check();
  }

  /** The theme in force, as the root element says. */
  theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme');
  }
}
