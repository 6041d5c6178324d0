import { expect, type Locator, type Page } from '@playwright/test';

/** The patch review queue: versions waiting for review, each with its approve and reject. */
export class PatchReviewsPage {
  readonly screen: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('patch-reviews-page');
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-patch-reviews').click();
    await expect(this.screen).toBeVisible();
  }

  /** The card of one version of a patch. */
  card(patchId: string, version = 1): Locator {
    return this.page.locator(`[data-testid="patch-review"][data-patch-id="${patchId}"][data-version="${version}"]`);
  }

  approveButton(card: Locator): Locator {
    return card.getByTestId('review-approve');
  }

  /** Approves a version with a comment. */
  async approve(card: Locator, comment: string): Promise<void> {
    await card.getByTestId('review-comment').fill(comment);
    await this.approveButton(card).click();
  }
}
