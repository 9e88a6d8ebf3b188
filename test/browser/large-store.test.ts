/**
 * The page against a log too long to list each change: the as-of slider steps evenly through
 * positions without reading the log, and a timeline with more items than the page draws says so.
 */
import { createHash } from 'node:crypto';
import type { Request } from 'playwright-core';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  ADMIN_KEY,
  buildWebPage,
  describeInBrowser,
  launchBrowser,
  newContext,
  type BrowserSession,
} from './browser-harness';
import { listedItemIds, waitForLoad } from './page-helpers';

jest.setTimeout(180_000);

const ITEMS = 5_100;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** Item n occurs on day n after 2010-01-01, so January-February 2010 holds items 0-58. */
const JAN_FEB_2010 = 59;

describeInBrowser('web timeline: a long log', () => {
  let t: TestApp;
  let session: BrowserSession;
  /** Position at which item n was recorded. */
  const positions: bigint[] = [];
  let head = 0n;

  beforeAll(async () => {
    buildWebPage();
    t = await startTestApp({
      API_KEYS: `browser-admin:admin:${sha256(ADMIN_KEY)}`,
      RATE_LIMIT_PER_KEY: '1000000',
    });
    const headers = { authorization: `Bearer ${ADMIN_KEY}` };
    for (const entity of ENTITY_FIXTURES) {
      expect((await t.request('POST', '/entities', { body: entity, headers })).status).toBe(201);
    }
    const day = (n: number) => new Date(Date.UTC(2010, 0, 1) + n * 86_400_000).toISOString();
    for (let first = 0; first < ITEMS; first += 64) {
      const batch = Array.from({ length: Math.min(64, ITEMS - first) }, (_, i) => first + i);
      const answers = await Promise.all(
        batch.map((n) =>
          t.request('POST', '/items', {
            headers,
            body: {
              type: 'SanctionImposed',
              itemId: `long-log-${n}`,
              data: countermeasuresFact({
                headline: `Countermeasures number ${n}`,
                occurred: { edtf: day(n).slice(0, 10) },
              }),
            },
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(201);
        positions.push(BigInt(answer.body.position as string));
      }
    }
    head = positions.reduce((a, b) => (a > b ? a : b));
    expect((await t.request('GET', `/timeline?minPosition=${head}&limit=1`)).status).toBe(200);
    session = await launchBrowser();
  });

  afterAll(async () => {
    await session?.close();
    await t?.close();
  });

  it('steps evenly through the log without reading it, each step exact as of its position', async () => {
    const context = await newContext(session.browser, true);
    const requested: string[] = [];
    context.on('request', (request: Request) => requested.push(new URL(request.url()).pathname));
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/?from=2010&to=2010-02`);
    await waitForLoad(page);
    expect(requested).not.toContain('/audit/events');
    // Display names come in batches (GET /entities?id=…), not one request per entity.
    expect(requested.filter((path) => path.startsWith('/entities/'))).toEqual([]);
    expect(requested.filter((path) => path === '/entities').length).toBeGreaterThan(0);

    const slider = page.getByRole('slider', { name: /Recorded history/ });
    await expect(slider.getAttribute('max')).resolves.toBe('1000');
    // The eighth step: part of the first items is recorded by then (they were posted 64 at once).
    await slider.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    await waitForLoad(page);
    const step = (head * 8n) / 1000n;
    const output = page.locator('#as-of-output');
    await expect(output.textContent()).resolves.toMatch(
      new RegExp(
        `^As of position ${step.toLocaleString('en')} of ${head.toLocaleString('en')} \\(even steps`,
      ),
    );
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(`position:${step}`);
    const recordedByThen = positions
      .slice(0, JAN_FEB_2010)
      .flatMap((p, n) => (p <= step ? [`long-log-${n}`] : []));
    expect(recordedByThen.length).toBeGreaterThan(0);
    expect(recordedByThen.length).toBeLessThan(JAN_FEB_2010);
    await expect(listedItemIds(page)).resolves.toEqual(recordedByThen);
    await context.close();
  });

  it('says when more items match than the page draws', async () => {
    const context = await newContext(session.browser, true);
    const page = await context.newPage();
    await page.goto(t.baseUrl);
    await page
      .locator('#status', {
        hasText: 'Showing the first 5,000 matching items: narrow the filters or the dates',
      })
      .waitFor();
    await expect(listedItemIds(page)).resolves.toHaveLength(5000);
    await context.close();
  });
});
