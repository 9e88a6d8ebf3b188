/**
 * The page as a newcomer meets it: the history told in plain words, what the API key is for,
 * what a failed filter leaves on screen, no failed requests on a plain load, and compare mode.
 */
import type { BrowserContext, Page } from 'playwright-core';
import {
  ADMIN_KEY,
  describeInBrowser,
  newContext,
  openTimeline,
  screenshot,
  useSeededBrowser,
} from './browser-harness';
import {
  drawnLabels,
  labelProblems,
  listedItemIds,
  waitForLoad,
  waitForTimeline,
} from './page-helpers';

jest.setTimeout(120_000);

/** The as-of steps as the slider offers them: each step's label, and the text at the first. */
async function sliderSteps(page: Page): Promise<{ labels: string[]; first: string }> {
  const labels = await page
    .locator('#as-of-marks option')
    .evaluateAll((options) => options.map((o) => o.getAttribute('label') ?? ''));
  await page.getByRole('slider', { name: /Recorded history/ }).focus();
  await page.keyboard.press('Home');
  await waitForLoad(page);
  return { labels, first: (await page.locator('#as-of-output').textContent()) ?? '' };
}

describeInBrowser('web timeline: plain words and a quiet first load', () => {
  const suite = useSeededBrowser();
  let anonymous: BrowserContext;
  beforeEach(async () => {
    anonymous = await newContext(suite.session.browser, false);
  });
  afterEach(async () => {
    await anonymous.close();
  });

  it('loads without a key with no failed request and no console error, favicon included', async () => {
    const page = await anonymous.newPage();
    const failed: string[] = [];
    const asked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') failed.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const icon = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/favicon'));
    await page.goto(`${suite.service.t.baseUrl}/`);
    await waitForLoad(page);
    const answer = await icon;
    expect([answer.status(), new URL(answer.url()).pathname]).toEqual([200, '/favicon.svg']);
    expect(answer.headers()['content-type']).toMatch(/^image\/svg\+xml/);

    // An item's history is an auditor's read: offered, not asked for (no 401 in the console).
    await page.locator('#item-list button[data-item-id="blinken-china-trip-2024-04"]').click();
    const history = page.locator('#detail section', { has: page.locator('#history-heading') });
    await history.getByText("The history needs an auditor's API key.").waitFor();
    await history.getByRole('button', { name: 'Enter an API key' }).waitFor();
    expect(asked.filter((path) => path.startsWith('/audit') || path.endsWith('/history'))).toEqual(
      [],
    );
    expect(failed).toEqual([]);
  });

  it('offers the same as-of steps, labelled alike, with and without a key; both travel back', async () => {
    const keyed = await sliderSteps(await openTimeline(suite.context, suite.service.t.baseUrl));
    const page = await openTimeline(anonymous, suite.service.t.baseUrl);
    const open = await sliderSteps(page);
    expect(open.labels).toHaveLength(suite.service.itemEventPositions.length);
    expect(open).toEqual(keyed);
    expect(open.first).toMatch(/after: recorded “Biden signs EO 14114/);
    expect(await listedItemIds(page)).toEqual(['eo-14114']);
    await expect(page.locator('#as-of-note').isHidden()).resolves.toBe(true);
  });

  it('says in the key dialog what a key is for: reading needs none', async () => {
    const page = await openTimeline(anonymous, suite.service.t.baseUrl);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'API key needed' });
    await dialog.waitFor();
    await screenshot(page, 'api-key-dialog', false);
    const text = (await dialog.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain(
      'Reading the timeline needs no key; exports need a key with the auditor role.',
    );
    expect(text).toMatch(/record or correct items/);
    expect(text).not.toMatch(/key to read the timeline/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#item-list button[data-item-id="eo-14114"]').click();
    await page.getByRole('button', { name: 'Enter an API key' }).click();
    await expect(dialog.locator('#api-key-why').textContent()).resolves.toBe(
      "Reading the timeline needs no key; an item's history and the audit log need a key with the auditor role.",
    );
  });

  it('tells a correction in plain words: no JSON, no JSON pointers', async () => {
    const page = await openTimeline(
      suite.context,
      suite.service.t.baseUrl,
      '?item=blinken-china-trip-2024-04',
    );
    const changes = page.locator('#detail ol.history ul.changes li');
    await changes.first().waitFor();
    const lines = await changes.allTextContents();
    expect(lines).toEqual(
      expect.arrayContaining([
        'status: expected → occurred',
        'confidence: reported → official-record',
        'topic added: russia-defense-industrial-base',
        'date: “expected to travel to China” (2024-04-12/) → “April 24-26” (2024-04-24/2024-04-26)',
        'location: (CN) → Shanghai, Beijing (CN)',
        "source added: Secretary Blinken's Visit to the People's Republic of China (Spokesperson statement), U.S. Department of State (via PublicNow), 2024-04-26",
      ]),
    );
    // The participant is named, not given as an entity id; the test operation is no change.
    expect(lines.join('\n')).toMatch(/^participant: .+ \(host\) → Xi Jinping \(host\)$/m);
    expect(lines.join('\n')).not.toMatch(/[{}"›]|\/-|ent:|^test /m);
    // A source's title is set apart from its publisher and date.
    await expect(
      changes.filter({ hasText: 'source added' }).first().locator('em').textContent(),
    ).resolves.toBe(
      "Secretary Blinken's Visit to the People's Republic of China (Spokesperson statement)",
    );
  });

  it('clears the drawn results when a filter fails, and draws them again once it is fixed', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    const everything = await listedItemIds(page);
    await page.getByLabel('From').fill('2024-13');
    await page.getByLabel('From').press('Enter');
    await page
      .locator('#status.error', { hasText: 'Could not load the timeline: from:' })
      .waitFor();
    await waitForTimeline(page);
    await screenshot(page, 'failed-filter', false);
    expect(await drawnLabels(page)).toEqual([]);
    expect(await listedItemIds(page)).toEqual([]);
    await expect(page.locator('#item-list').textContent()).resolves.toBe(
      'No items shown: the filters could not be applied (see above).',
    );
    await page.getByLabel('From').fill('');
    await page.getByLabel('From').press('Enter');
    await waitForLoad(page);
    await waitForTimeline(page);
    expect(await listedItemIds(page)).toEqual(everything);
    expect(await drawnLabels(page)).toHaveLength(everything.length);
  });

  it('keeps day-precise items as points in compare mode, their change marked on the dot', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await sliderSteps(page);
    await page.getByLabel('Compare with now').check();
    await waitForLoad(page);
    await waitForTimeline(page);
    await screenshot(page, 'compare-points', false);
    const points = page.locator('#timeline .vis-foreground .vis-item.precise:not(.vis-dot)');
    const drawn = await points.evaluateAll((items) =>
      items.map((item) => {
        const style = item.ownerDocument.defaultView!.getComputedStyle(item);
        const dot = item.querySelector('.vis-dot');
        return {
          text: (item.textContent ?? '').slice(0, 30),
          point: item.classList.contains('vis-point'),
          box: style.borderTopStyle !== 'none' && style.borderTopWidth !== '0px',
          added: item.classList.contains('added-since'),
          dot: dot ? item.ownerDocument.defaultView!.getComputedStyle(dot).borderTopColor : '',
        };
      }),
    );
    // Six day-precise items in the seed story; all but the first recorded were added since.
    expect(drawn).toHaveLength(6);
    for (const item of drawn) {
      expect(item).toEqual({ ...item, point: true, box: false });
      if (item.added) expect(item.dot).toBe('rgb(15, 107, 47)');
    }
    expect(drawn.filter((item) => item.added)).toHaveLength(5);
    expect(await labelProblems(page)).toEqual([]);
  });

  // Last: it adds events to the story the tests above count.
  it('says which changes are not steps without a key, and lists them with one', async () => {
    const { t } = suite.service;
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    for (const [version, summary] of [
      [1, 'First rewording of the summary.'],
      [2, 'Second rewording of the summary.'],
    ] as const) {
      const corrected = await t.request('POST', '/items/eo-14114/corrections', {
        body: {
          kind: 'clarification',
          reason: 'Wording',
          patch: [{ op: 'replace', path: '/summary', value: summary }],
        },
        headers: {
          ...auth,
          'if-match': `"${version}"`,
          'idempotency-key': `plain-page-${version}`,
        },
      });
      expect(corrected.status).toBe(200);
    }
    const keyed = await openTimeline(suite.context, t.baseUrl);
    const withKey = await keyed.locator('#as-of-marks option').count();
    await expect(keyed.locator('#as-of-note').isHidden()).resolves.toBe(true);

    const page = await openTimeline(anonymous, t.baseUrl);
    await expect(page.locator('#as-of-marks option').count()).resolves.toBe(withKey - 1);
    await expect(page.locator('#as-of-note').textContent()).resolves.toBe(
      "Steps are each item's first and latest change: 1 earlier correction is not a step of its own (an auditor's API key lists every change).",
    );
  });
});
