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

/** Waits until the timeline has drawn and fitted its window (it is aria-busy until then). */
export async function waitForTimeline(page: Page): Promise<void> {
  await page.locator('#timeline[aria-busy="false"]').waitFor({ state: 'attached' });
}

const LABELS = '#timeline .vis-itemset .vis-foreground .vis-item .vis-item-content';

/** The texts of the item labels the timeline draws. */
export function drawnLabels(page: Page): Promise<string[]> {
  return page.locator(LABELS).allTextContents();
}

/**
 * Why drawn labels are not readable, one line each (empty when all are): text wider than its
 * element, a label cut by an ancestor that clips (a range's box, the timeline's visible area),
 * outside the viewport, covered by the detail panel, or overlapping another label.
 */
export function labelProblems(page: Page): Promise<string[]> {
  // Runs in the page; the test program has no DOM types, so elements are reached untyped.
  return page.locator(LABELS).evaluateAll((labels) => {
    type Box = { left: number; right: number; top: number; bottom: number };
    const problems: string[] = [];
    if (labels.length === 0) return problems;
    const doc = labels[0].ownerDocument;
    const win = doc.defaultView!;
    const rects: Box[] = labels.map((label) => label.getBoundingClientRect());
    const overlap = (a: Box, b: Box) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const inside = (r: Box, c: Box) =>
      r.left >= c.left - 0.5 &&
      r.right <= c.right + 0.5 &&
      r.top >= c.top - 0.5 &&
      r.bottom <= c.bottom + 0.5;
    const detail = doc.getElementById('detail');
    labels.forEach((label, i) => {
      const name = `“${(label.textContent ?? '').slice(0, 40)}”`;
      const rect = rects[i];
      if (label.scrollWidth > label.clientWidth + 1) problems.push(`${name}: text overflows`);
      for (let up = label.parentElement; up && up !== doc.body; up = up.parentElement) {
        const style = win.getComputedStyle(up);
        const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
        if (clips && !inside(rect, up.getBoundingClientRect())) {
          problems.push(`${name}: clipped by .${String(up.className).split(' ').join('.')}`);
        }
      }
      if (rect.left < 0 || rect.right > win.innerWidth) problems.push(`${name}: off screen`);
      if (detail && !detail.hidden && overlap(rect, detail.getBoundingClientRect())) {
        problems.push(`${name}: under the detail panel`);
      }
      for (let j = 0; j < i; j++) {
        if (overlap(rect, rects[j])) problems.push(`${name}: overlaps label ${j + 1}`);
      }
    });
    return problems;
  });
}
