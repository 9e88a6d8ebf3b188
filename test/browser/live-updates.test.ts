/**
 * The page follows the change feed: a fact recorded while the page is open appears, marked new,
 * with the indicator saying the page is live, and the user's view (timeline window, scroll) stays.
 */
import { countermeasuresFact } from '../support/fixtures';
import {
  ADMIN_KEY,
  describeInBrowser,
  newContext,
  openTimeline,
  screenshot,
  useSeededBrowser,
} from './browser-harness';
import { listButton, listedItemIds, waitForTimeline } from './page-helpers';

jest.setTimeout(120_000);

/** What the page's own globals look like to code evaluated in it (the test has no DOM types). */
interface PageGlobals {
  scrollTo(x: number, y: number): void;
  readonly scrollY: number;
  readonly location: { readonly search: string };
}

describeInBrowser('web timeline: live updates', () => {
  const suite = useSeededBrowser();

  it('shows a new item live, marked new, without moving the view', async () => {
    const context = await newContext(suite.session.browser, false);
    try {
      const page = await openTimeline(
        context,
        suite.service.t.baseUrl,
        '?start=2024-03-01&end=2024-06-01',
      );
      await waitForTimeline(page);
      await page.locator('#live-status[data-state="live"]').waitFor();
      const before = await listedItemIds(page);
      await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 200));
      const windowBefore = await page.evaluate(
        () => (globalThis as unknown as PageGlobals).location.search,
      );
      const recorded = await suite.service.t.request('POST', '/items', {
        body: {
          type: 'SanctionImposed',
          itemId: 'live-arrival',
          data: countermeasuresFact({ headline: 'A fact recorded while the page is open' }),
        },
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      expect(recorded.status).toBe(201);
      await listButton(page, 'live-arrival').waitFor();
      await expect(
        listButton(page, 'live-arrival').locator('.badge.live-new').textContent(),
      ).resolves.toBe('new');
      expect((await listedItemIds(page)).filter((id) => id !== 'live-arrival').sort()).toEqual(
        [...before].sort(),
      );
      expect(await page.locator('#timeline .vis-item.live-new').count()).toBeGreaterThan(0);
      // The window the user chose and the scroll position are where they were.
      expect(
        await page.evaluate(() => (globalThis as unknown as PageGlobals).location.search),
      ).toBe(windowBefore);
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollY)).toBe(200);
      await expect(page.locator('#live-status').textContent()).resolves.toMatch(/^Live/);
      await screenshot(page, 'live-update');

      // A correction replaces it in place, marked updated.
      const corrected = await suite.service.t.request('POST', '/items/live-arrival/corrections', {
        body: {
          kind: 'correction',
          reason: 'typo',
          patch: [{ op: 'replace', path: '/headline', value: 'A fact corrected live' }],
        },
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'if-match': '"1"' },
      });
      expect(corrected.status).toBe(200);
      await listButton(page, 'live-arrival').locator('.badge.live-updated').waitFor();
      expect((await listedItemIds(page)).filter((id) => id === 'live-arrival')).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('pauses live updates while showing the past', async () => {
    const context = await newContext(suite.session.browser, false);
    try {
      const position = suite.service.itemEventPositions[2];
      const page = await openTimeline(
        context,
        suite.service.t.baseUrl,
        `?asOf=position:${position}`,
      );
      await page.locator('#live-status[data-state="paused"]').waitFor();
    } finally {
      await context.close();
    }
  });
});
