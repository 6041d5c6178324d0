import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The patch editor: its landing (drafts and the SDK errors no patch answered), the draft's CodeMirror
 * editor (inside a shadow root, which Playwright's CSS locators pierce), the problems list, the dry
 * run and the submit bar.
 */
export class PatchEditorPage {
  readonly landing: Locator;
  readonly unpatchedRows: Locator;
  readonly draft: Locator;
  /** The editor's host element: it carries `data-validation-state` and the revisions judged. */
  readonly editorHost: Locator;
  readonly content: Locator;
  readonly problems: Locator;
  readonly valid: Locator;
  readonly dryRunButton: Locator;
  readonly dryRunResult: Locator;
  readonly dryRunMatches: Locator;
  readonly dryRunDiff: Locator;
  readonly changeNote: Locator;
  readonly submitButton: Locator;
  readonly submitted: Locator;

  constructor(readonly page: Page) {
    this.landing = page.getByTestId('patch-editor-landing');
    this.unpatchedRows = page.getByTestId('patch-unpatched-row');
    this.draft = page.getByTestId('patch-draft');
    this.editorHost = page.getByTestId('patch-editor-root');
    this.content = this.editorHost.locator('.cm-content');
    this.problems = page.getByTestId('patch-problems').getByTestId('patch-problem');
    this.valid = page.getByTestId('patch-valid');
    this.dryRunButton = page.getByTestId('dry-run-button');
    this.dryRunResult = page.getByTestId('dry-run-result');
    this.dryRunMatches = this.dryRunResult.getByTestId('dry-run-match');
    this.dryRunDiff = page.getByTestId('dry-run-diff');
    this.changeNote = page.getByTestId('patch-change-note');
    this.submitButton = page.getByTestId('patch-submit-button');
    this.submitted = page.getByTestId('patch-submitted');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-patch-editor').click();
    await expect(this.landing).toBeVisible();
  }

  /** The to-do list's row of an unanswered error, found by its message. */
  unpatchedRow(message: string): Locator {
    return this.unpatchedRows.filter({ hasText: message });
  }

  /** "Write a patch for this" on an unanswered error: the editor opens on a draft prefilled with its match. */
  async writePatchFor(message: string): Promise<void> {
    await this.unpatchedRow(message).getByTestId('patch-write-for').click();
    await expect(this.draft).toBeVisible();
    await expect(this.editorHost).toHaveAttribute('data-validated-revision', /\d+/);
  }

  /** The draft's text as the editor shows it (a short draft: every line is rendered). */
  async text(): Promise<string> {
    return this.content.evaluate((content) => Array.from(content.querySelectorAll('.cm-line'), (line) => line.textContent ?? '').join('\n'));
  }

  /** Replaces the whole draft as a paste does (one input, no bracket closing or re-indenting by keystroke). */
  async replaceText(text: string): Promise<void> {
    await this.content.click();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(text);
  }

  /** Waits until the editor judged the text it now holds, and says what it found. */
  async expectValidation(state: 'valid' | 'invalid'): Promise<void> {
    await expect(this.editorHost).toHaveAttribute('data-validation-state', state);
    const revision = await this.editorHost.getAttribute('data-revision');
    await expect(this.editorHost).toHaveAttribute('data-validated-revision', revision ?? '');
  }

  /** The problem listed at a line (its link puts the cursor on the offending value). */
  problemAt(line: number): Locator {
    return this.page.locator(`[data-testid="patch-problems"] [data-testid="patch-problem"][data-line="${line}"]`);
  }

  /** The editor's 1-based line, as rendered. */
  line(number: number): Locator {
    return this.content.locator('.cm-line').nth(number - 1);
  }

  /** The line numbers whose lint gutter shows an error marker (the marker and the number share a row). */
  async lintMarkedLines(): Promise<number[]> {
    return this.editorHost.evaluate((host) => {
      const root = host.shadowRoot!;
      const numbers = Array.from(root.querySelectorAll('.cm-lineNumbers .cm-gutterElement'), (element) => ({ text: element.textContent ?? '', box: element.getBoundingClientRect() }));
      return Array.from(root.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error'), (marker) => {
        const box = marker.getBoundingClientRect();
        const middle = box.top + box.height / 2;
        const row = numbers.find((number) => number.box.height > 0 && middle >= number.box.top && middle <= number.box.bottom);
        return row ? Number(row.text) : -1;
      });
    });
  }

  async dryRun(): Promise<void> {
    await this.dryRunButton.click();
    await expect(this.dryRunResult).toBeVisible();
  }

  /** Writes the change note and submits the draft for review. */
  async submit(changeNote: string): Promise<void> {
    await this.changeNote.fill(changeNote);
    await this.submitButton.click();
  }
}
