import { expect, type Locator, type Page } from '@playwright/test';

/** Locators of the detail pane's "What this patch changes" section. */
export class PatchPreviewPage {
  readonly section: Locator;
  readonly status: Locator;
  readonly stateDiff: Locator;
  readonly stateSources: Locator;
  readonly codeDiff: Locator;
  readonly codeCaption: Locator;
  readonly failingLine: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByTestId('patch-preview');
    this.status = page.getByTestId('preview-status');
    this.stateDiff = this.section.getByTestId('state-diff');
    this.stateSources = this.section.getByTestId('state-diff-sources');
    this.codeDiff = page.getByTestId('code-diff');
    this.codeCaption = page.getByTestId('code-diff-caption');
    this.failingLine = this.codeDiff.locator('.cm-failingLine');
  }

  /** Waits until the section shows a preview of `kind` computed for the log's current version. */
  async waitForPreview(kind: 'state' | 'code' | 'none'): Promise<void> {
    await expect(this.section).toHaveAttribute('data-kind', kind, { timeout: 20_000 });
    await expect(this.status).toHaveAttribute('data-state', 'current');
  }

  /** The text of one side of the diff ('a': before, 'b': after), as its editor shows it. */
  sideText(diff: Locator, side: 'a' | 'b'): Locator {
    return diff.locator(`.cm-merge-${side} .cm-content`);
  }

  /** Stores the theme the console reads at start, then reloads the page in it. */
  async reloadInTheme(theme: 'light' | 'dark'): Promise<void> {
    await this.page.addInitScript((value) => localStorage.setItem('molam.theme', value), theme);
    await this.page.reload();
    await expect(this.page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'ready');
  }
}
