import { expect, type Locator, type Page } from '@playwright/test';

/** A patch's rollout panel on the Patches screen, its abort form, and the Runbook's alerts. */
export class PatchRolloutPage {
  readonly panel: Locator;
  readonly summary: Locator;
  readonly abortDialog: Locator;
  readonly alerts: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('rollout-panel');
    this.summary = page.getByTestId('rollout-summary');
    this.abortDialog = page.getByTestId('abort-rollout-dialog');
    this.alerts = page.getByTestId('runbook-alerts');
  }

  /** Opens a patch of the Patches screen (found by its error signature) and waits for its rollout in `state`. */
  async openPatch(patchId: string, search: string, state: string): Promise<void> {
    await this.page.getByTestId('nav-patches').click();
    await this.page.getByTestId('patch-filter-search').fill(search);
    const row = this.page.locator(`[data-testid="patch-row"][data-patch-id="${patchId}"]`);
    const opener = row.getByTestId('patch-open');
    // The panel stays open across visits: a second click would close it.
    if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
    await expect(this.page.getByTestId('patch-detail')).toHaveAttribute('data-patch-id', patchId);
    await this.waitForState(state);
  }

  /** Asks the backend for the rollouts now until the panel shows `state` (the backend started it after the pull). */
  async waitForState(state: string): Promise<void> {
    await expect(this.panel.getByTestId('rollouts-age')).toBeVisible();
    await expect
      .poll(async () => {
        if ((await this.panel.getAttribute('data-rollout-state')) === state) return state;
        await this.panel.getByTestId('rollouts-refresh').click();
        return this.panel.getAttribute('data-rollout-state');
      })
      .toBe(state);
  }

  action(action: 'advance' | 'hold' | 'resume' | 'abort'): Locator {
    return this.page.getByTestId(`rollout-${action}`);
  }

  async abort(reason: string): Promise<void> {
    await this.action('abort').click();
    await expect(this.abortDialog).toBeVisible();
    await this.page.getByTestId('abort-rollout-reason').fill(reason);
    await this.page.getByTestId('confirm-abort-rollout').click();
    await expect(this.abortDialog).toHaveCount(0);
  }

  /** The Runbook's alert row of `name` about a patch. */
  alert(name: string, patchId: string): Locator {
    return this.alerts.locator(`[data-testid="alert-row"][data-name="${name}"][data-patch-id="${patchId}"]`);
  }

  /** Refreshes the Runbook's alerts until the alert is shown in `state` (the backend evaluates them every 15 s). */
  async waitForAlert(name: string, patchId: string, state: string): Promise<Locator> {
    const row = this.alert(name, patchId);
    await expect
      .poll(
        async () => {
          if ((await row.count()) > 0) return row.getAttribute('data-state');
          await this.alerts.getByTestId('rollouts-refresh').click();
          return null;
        },
        { timeout: 60_000, intervals: [1_000, 2_000] },
      )
      .toBe(state);
    return row;
  }
}
