import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Asks the backend for fresh field figures through a screen's "figures from …" line, and waits until
 * the cached ones are newer than those shown (their computation time moves).
 */
export async function refreshFigures(figuresAge: Locator): Promise<void> {
  await expect(figuresAge).toBeVisible();
  const before = await figuresAge.getAttribute('data-computed-at');
  await figuresAge.getByTestId('figures-refresh').click();
  await expect.poll(() => figuresAge.getAttribute('data-computed-at')).not.toBe(before);
}

/** The Patches screen: the registry's table with its field figures, and deactivation. */
export class PatchListPage {
  readonly screen: Locator;
  readonly search: Locator;
  readonly figuresAge: Locator;
  readonly deactivateDialog: Locator;
  readonly deactivateCost: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('patches-page');
    this.search = page.getByTestId('patch-filter-search');
    this.figuresAge = this.screen.getByTestId('figures-age');
    this.deactivateDialog = page.getByTestId('deactivate-dialog');
    this.deactivateCost = page.getByTestId('deactivate-cost');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-patches').click();
    await expect(this.screen).toBeVisible();
  }

  row(patchId: string): Locator {
    return this.page.locator(`[data-testid="patch-row"][data-patch-id="${patchId}"]`);
  }

  /** The active version the row shows (`v1`), or "none". */
  activeVersion(row: Locator): Locator {
    return row.locator('.col-version');
  }

  async refreshFigures(): Promise<void> {
    await refreshFigures(this.figuresAge);
  }

  /** Opens the deactivation's confirmation for one patch. */
  async askToDeactivate(patchId: string): Promise<void> {
    await this.row(patchId).getByTestId('patch-deactivate').click();
    await expect(this.deactivateDialog).toBeVisible();
  }

  async confirmDeactivation(reason: string): Promise<void> {
    await this.page.getByTestId('deactivate-reason').fill(reason);
    await this.page.getByTestId('confirm-deactivate').click();
    await expect(this.deactivateDialog).toHaveCount(0);
  }
}
