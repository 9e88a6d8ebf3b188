/** Reading the timeline page the way a person sees it: lanes, listed items, the detail panel. */
import type { Page } from 'playwright-core';

/** Lane label -> texts of the items drawn in that lane (vis-timeline keeps labels and lanes in the same order). */
export async function laneContents(page: Page): Promise<Record<string, string[]>> {
  const labels = await page.locator('.vis-labelset .vis-label').allTextContents();
  const lanes = page.locator('.vis-itemset .vis-foreground .vis-group');
  const contents: Record<string, string[]> = {};
  for (const [i, label] of labels.entries()) {
    contents[label.trim()] = await lanes.nth(i).locator('.vis-item').allTextContents();
  }
  return contents;
}

/** The item ids in the accessible list, in order. */
export function listedItemIds(page: Page): Promise<string[]> {
  return page
    .locator('#item-list button')
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-item-id') ?? ''));
}

export function listButton(page: Page, itemId: string) {
  return page.locator(`#item-list button[data-item-id="${itemId}"]`);
}

/** Waits until the status line reports a finished load (after "Loading…"). */
export async function waitForLoad(page: Page): Promise<void> {
  await page
    .locator('#status', { hasText: /^Showing (the first )?[\d,]+ (matching )?items?/ })
    .waitFor();
}
