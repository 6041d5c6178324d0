import type { Locator, Page } from '@playwright/test';

/** The notices decisions raise at the top of the window, and the table's cursor announcements. */
export class DecisionNotices {
  readonly all: Locator;
  /** The triage table's polite live region about the cursor (its log left the view, where it went). */
  readonly cursorNote: Locator;

  constructor(readonly page: Page) {
    this.all = page.locator('[data-testid="notice-info"], [data-testid="notice-error"]');
    this.cursorNote = page.getByTestId('cursor-note');
  }

  /** Notices about one outcome: `sent`, `queued`, `conflict`, `refused`, `bulk`, `failed`. */
  withTopic(topic: string): Locator {
    return this.page.locator(`[data-topic="${topic}"]`);
  }

  /** Notices naming a log (by the short id the console shows). */
  naming(logId: string): Locator {
    return this.all.filter({ hasText: `log ${logId.slice(0, 8)}` });
  }
}
