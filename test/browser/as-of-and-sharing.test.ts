/**
 * Travelling back through the record with the as-of slider, comparing with now, sharing a view
 * as a link, and the API-key prompt (exports need the auditor role).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import {
  ADMIN_KEY,
  describeInBrowser,
  newContext,
  openTimeline,
  screenshot,
  useSeededBrowser,
} from './browser-harness';
import { listButton, listedItemIds, waitForLoad } from './page-helpers';

jest.setTimeout(120_000);

/** Moves the slider with the keyboard: Home is the first recorded change, each → one more. */
async function slideTo(page: Page, steps: number): Promise<void> {
  const slider = page.getByRole('slider', { name: /Recorded history/ });
  await slider.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowRight');
  await waitForLoad(page);
}

describeInBrowser('web timeline: as-of, comparison, sharing, API key', () => {
  const suite = useSeededBrowser();

  it('shows the Blinken trip as expected before its update and as occurred after it', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    const update = suite.service.itemEventPositions.indexOf(suite.service.blinkenUpdatePosition);
    const before = suite.service.itemEventPositions[update - 1];

    await slideTo(page, update - 1);
    await page.locator('#as-of-output', { hasText: `(position ${before})` }).waitFor();
    const trip = listButton(page, 'blinken-china-trip-2024-04');
    await expect(trip.textContent()).resolves.toMatch(
      /Blinken expected to travel to China.*expected.*corrected since/,
    );
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(`position:${before}`);
    await screenshot(page, 'as-of-before-blinken-update');

    await page.keyboard.press('ArrowRight');
    await waitForLoad(page);
    await page
      .locator('#as-of-output', { hasText: `(position ${suite.service.blinkenUpdatePosition})` })
      .waitFor();
    const text = await trip.textContent();
    expect(text).toMatch(/Blinken visits Shanghai and Beijing.*occurred/);
    expect(text).not.toContain('corrected since');

    await page.getByRole('button', { name: 'Back to now' }).click();
    await waitForLoad(page);
    expect(new URL(page.url()).searchParams.has('asOf')).toBe(false);
  });

  it('"compare with now" adds what was recorded after the chosen moment', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    const liveNow = (await listedItemIds(page)).length;
    await slideTo(page, 0);
    expect(await listedItemIds(page)).toEqual(['eo-14114']);

    await page.getByLabel('Compare with now').check();
    await waitForLoad(page);
    await expect(page.locator('#item-list .badge.added-since').count()).resolves.toBe(liveNow - 1);
    await expect(page.locator('.vis-item.added-since').count()).resolves.toBeGreaterThanOrEqual(
      liveNow - 1,
    );
    expect(new URL(page.url()).searchParams.get('compare')).toBe('true');
    await screenshot(page, 'compare-with-now');
  });

  it('restores the same view from a shared link', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await page.getByLabel('Type', { exact: true }).selectOption('DiplomaticEngagementReported');
    await waitForLoad(page);
    await page.getByLabel('Include retracted').check();
    await waitForLoad(page);
    await page.getByLabel('By actor').check();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await listButton(page, 'xi-lavrov-2024-04-09').click();
    await page.locator('#detail-heading', { hasText: 'Xi Jinping meets' }).waitFor();
    const shared = page.url();
    const ids = await listedItemIds(page);

    const other = await newContext(suite.session.browser, true);
    const restored = await openTimeline(
      other,
      shared.slice(0, shared.indexOf('/', 8)),
      shared.slice(shared.indexOf('/', 8) + 1),
    );
    await restored.locator('#detail-heading', { hasText: 'Xi Jinping meets' }).waitFor();
    expect(await listedItemIds(restored)).toEqual(ids);
    await expect(restored.getByLabel('Type', { exact: true }).inputValue()).resolves.toBe(
      'DiplomaticEngagementReported',
    );
    await expect(restored.getByLabel('Include retracted').isChecked()).resolves.toBe(true);
    await expect(restored.getByLabel('By actor').isChecked()).resolves.toBe(true);
    expect(restored.url()).toBe(shared);
    const params = new URL(shared).searchParams;
    expect(params.get('start')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(params.get('item')).toBe('xi-lavrov-2024-04-09');
    await other.close();
  });

  it('asks for an API key when the service answers 401, keeps it for the session, and saves the CSV export', async () => {
    const anonymous = await newContext(suite.session.browser, false);
    const page = await openTimeline(anonymous, suite.service.t.baseUrl);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'API key needed' });
    await dialog.waitFor();
    await dialog.getByLabel('API key').fill(ADMIN_KEY);
    const retried = page.waitForRequest(
      (r) => r.url().includes('/timeline?format=csv') && r.headers().authorization !== undefined,
    );
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Use this key' }).click();
    expect((await retried).headers().authorization).toBe(`Bearer ${ADMIN_KEY}`);
    // The retried export is saved as a real CSV of the current view (retracted items excluded).
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('timeline.csv');
    const rows = parse(readFileSync(await saved.path(), 'utf8'), { columns: true, bom: true }) as {
      itemId: string;
    }[];
    expect(rows.map((row) => row.itemId)).toContain('cn-mfa-decree-5-2024');
    expect(rows.map((row) => row.itemId)).not.toContain('xi-lavrov-dup-tribune');
    await dialog.waitFor({ state: 'hidden' });
    await expect(
      page.evaluate(() => sessionStorage.getItem('policy-timeline.api-key')),
    ).resolves.toBe(ADMIN_KEY);
    await anonymous.close();
  });
});
