/**
 * The first view of the seed story at 1280 px: the window fits the items so that every label is
 * drawn whole (shortened headlines end in "…", the full text is in the tooltip and the list),
 * none cut by the timeline's edge or a range's box, none overlapping, with the detail panel shut
 * and open, and again after "Show all".
 */
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  openTimeline,
  screenshot,
  useSeededBrowser,
  type BrowserSuite,
} from './browser-harness';
import { drawnLabels, labelProblems, listedItemIds, waitForTimeline } from './page-helpers';

jest.setTimeout(120_000);

async function headlines(suite: BrowserSuite): Promise<string[]> {
  const answer = await suite.service.t.request('GET', '/timeline?limit=500');
  type Item = { headline?: string; fact?: { headline: string } };
  return (answer.body.items as Item[]).map((item) => item.headline ?? item.fact!.headline);
}

/** Every listed item has one drawn label: its headline, or the headline's start and "…". */
async function expectEveryItemLabelled(page: Page, all: readonly string[]): Promise<void> {
  const labels = await drawnLabels(page);
  expect(labels).toHaveLength((await listedItemIds(page)).length);
  for (const label of labels) {
    const text = label.replace(/(expected|occurred|retracted)$/, '').trim();
    const headline = all.find((h) => h === text || h.startsWith(text.replace(/…$/, '')));
    expect({ label, headline }).toEqual({ label, headline: expect.any(String) });
    expect(text.length).toBeGreaterThanOrEqual(Math.min(headline!.length, 20));
  }
}

describeInBrowser('web timeline: readable labels', () => {
  const suite = useSeededBrowser();

  it('draws every label of the seed story readable at 1280 px, with and without the detail panel', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await waitForTimeline(page);
    await screenshot(page, 'first-view-1280');
    const all = await headlines(suite);
    await expectEveryItemLabelled(page, all);
    expect(await labelProblems(page)).toEqual([]);

    // A shortened label keeps the whole headline in the tooltip and in the list.
    const short = page.locator('.vis-item', { hasText: 'China imposes countermeasures' });
    const full = all.find((h) => h.startsWith('China imposes countermeasures'))!;
    await expect(short.locator('.label').textContent()).resolves.toMatch(/…$/);
    await short.hover();
    await page.locator('.vis-tooltip', { hasText: full }).waitFor();
    await expect(page.locator('#item-list').textContent()).resolves.toContain(full);

    await short.click();
    await page.locator('#detail-heading', { hasText: 'China imposes countermeasures' }).waitFor();
    await waitForTimeline(page);
    await screenshot(page, 'first-view-1280-detail-open');
    await expectEveryItemLabelled(page, all);
    expect(await labelProblems(page)).toEqual([]);

    await page.getByRole('button', { name: 'Close details' }).click();
    await waitForTimeline(page);
    expect(await labelProblems(page)).toEqual([]);
  });

  it('"Show all" after zooming in brings every label back into view', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await waitForTimeline(page);
    const fitted = await drawnLabels(page);
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    await waitForTimeline(page);
    expect((await drawnLabels(page)).length).toBeLessThan(fitted.length);
    await page.getByRole('button', { name: 'Show all' }).click();
    await waitForTimeline(page);
    expect(new URL(page.url()).searchParams.has('start')).toBe(false);
    await expectEveryItemLabelled(page, await headlines(suite));
    expect(await labelProblems(page)).toEqual([]);
  });

  it('keeps the labels readable in lanes by actor too', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl, '?lanes=actor');
    await waitForTimeline(page);
    await screenshot(page, 'first-view-1280-by-actor');
    expect((await drawnLabels(page)).length).toBeGreaterThan((await listedItemIds(page)).length);
    expect(await labelProblems(page)).toEqual([]);
  });
});
