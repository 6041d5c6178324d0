import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { refreshFigures } from './patch-list-page.js';

/** The runbook's six tables, in the order the screen shows them. */
export const RUNBOOK_TABLES = ['most_used', 'rollback_rates', 'errors_per_developer', 'active_patches', 'failing_last_hour', 'unpatched_errors'] as const;
export type RunbookTableName = (typeof RUNBOOK_TABLES)[number];

/** The Runbook screen: the SDK runbook's queries as tables, each with its CSV export. */
export class PatchRunbookPage {
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('runbook-page');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-runbook').click();
    await expect(this.screen).toHaveAttribute('data-state', 'ready');
  }

  async refreshFigures(): Promise<void> {
    await refreshFigures(this.screen.getByTestId('figures-age'));
  }

  section(table: RunbookTableName): Locator {
    return this.page.getByTestId(`runbook-${table}`);
  }

  /** The column titles a table shows. */
  headings(table: RunbookTableName): Locator {
    return this.section(table).locator('thead th');
  }

  bodyRows(table: RunbookTableName): Locator {
    return this.section(table).locator('tbody tr');
  }

  /** Presses a table's CSV export and resolves with the file the browser downloaded. */
  async export(table: RunbookTableName): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId(`runbook-export-${table}`).click();
    return download;
  }
}
