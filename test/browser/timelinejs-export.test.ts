/**
 * The TimelineJS export loaded into the real TimelineJS 3 library (the copy in node_modules,
 * served to the page from a local origin; any other request is refused and fails the test, so
 * nothing comes from a CDN) in headless Chromium, against the service loaded with the seed story.
 * It checks what TimelineJS draws: where each marker starts and ends on its time axis for a
 * range of years, a quarter and a day, and that the title slide does not take an item's id.
 */
import { existsSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { CURRENT_SCHEMA_VERSION } from '../../events';
import { TITLE_SLIDE_ID } from '../../src/exports/timelinejs.renderer';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { fact } from '../e2e/read-side.fixture';
import { ADMIN_KEY, describeInBrowser, useSeededBrowser } from './browser-harness';

jest.setTimeout(120_000);

const DIST = join(__dirname, '..', '..', 'node_modules', '@knight-lab', 'timelinejs', 'dist');
const ORIGIN = 'http://timelinejs.local';
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="/css/timeline.css"><script src="/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1200px; height: 700px"></div></body></html>`;

/** The page's globals: TimelineJS's `TL` and the timeline the test made (untyped library). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TimelineJS ships no types
type PageGlobals = Record<string, any>;

/** What TimelineJS drew for one slide: the days at its marker's left and right edges. */
interface Drawn {
  readonly start: string;
  /** The day at the marker's right edge (the instant its span ends), or null for a point. */
  readonly end: string | null;
}

describeInBrowser('TimelineJS export in the real TimelineJS library', () => {
  const suite = useSeededBrowser();
  let page: Page;
  const outside: string[] = [];

  beforeAll(async () => {
    expect(existsSync(join(DIST, 'js', 'timeline.js'))).toBe(true);
    // An item whose id is the slug of the title's headline, "Policy Timeline".
    const { t } = suite.service;
    const day = '2024-01-15';
    const data = {
      ...fact({ headline: 'An item named policy-timeline', days: [day, day] }),
      occurred: { edtf: day, earliest: day, latest: day, precision: 'day' },
    };
    const event = {
      type: 'SanctionThreatened',
      schemaVersion: CURRENT_SCHEMA_VERSION.SanctionThreatened,
      data: data as never,
    };
    const { position } = await t.store.append('item-policy-timeline', [event], 'no-stream');
    expect(await t.app.get(ReadModelService).waitForPosition(position, 20_000)).toBe(true);
  });

  beforeEach(async () => {
    await suite.context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin !== ORIGIN) {
        outside.push(url.href);
        return route.abort();
      }
      if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      const file = normalize(join(DIST, decodeURIComponent(url.pathname)));
      if (!file.startsWith(DIST + sep) || !existsSync(file)) return route.fulfill({ status: 404 });
      return route.fulfill({ path: file });
    });
    page = await suite.context.newPage();
    await page.goto(`${ORIGIN}/`);
    const res = await suite.service.t.request('GET', '/timeline?format=timelinejs', {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(res.status).toBe(200);
    await page.evaluate((data) => {
      const w = globalThis as unknown as PageGlobals;
      // font: null — the default font's CSS loads PT Sans and PT Serif from fonts.gstatic.com.
      const options = { script_path: `${w.location.origin}/js/`, font: null };
      w.timeline = new w.TL.Timeline('timeline', data, options);
      w.timeline.on('loaded', () => (w.timelineLoaded = true));
    }, res.body);
    await page.waitForFunction(() => {
      const w = globalThis as unknown as PageGlobals;
      return w.timelineLoaded === true || (w.timeline.config && !w.timeline.config.isValid());
    });
  });

  afterAll(() => {
    // Fonts and icons come from the same local copy; nothing was asked of any other host.
    expect(outside).toEqual([]);
  });

  /** The days under a marker's left and right edges, read back through TimelineJS's own scale. */
  function drawn(id: string): Promise<Drawn> {
    return page.evaluate((slideId) => {
      const w = globalThis as unknown as PageGlobals;
      const nav = w.timeline._timenav;
      const scale = nav.timescale;
      const index = w.timeline.config.events.findIndex(
        (e: { unique_id: string }) => e.unique_id === slideId,
      );
      const marker = w.document.getElementById(`${slideId}-marker`);
      const left = parseFloat(marker.style.left);
      const timeAt = (px: number) => scale._earliest + px / scale._pixels_per_milli;
      // Layout rounds to fractions of a pixel (minutes here): read the edge as the nearest day.
      const dayAt = (px: number) => {
        const d = new Date(timeAt(px) + 12 * 3_600_000);
        const pad = (n: number) => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      };
      const hasEnd = Boolean(nav._markers[index].data.end_date);
      return {
        start: dayAt(left),
        end: hasEnd ? dayAt(left + parseFloat(marker.style.width)) : null,
      };
    }, id);
  }

  it('loads without errors, one slide per item, and a title slide', async () => {
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      const config = w.timeline.config;
      return {
        valid: config.isValid(),
        errors: config.getErrors(),
        slides: config.events.length,
        title: config.title.unique_id,
      };
    });
    const items = await suite.service.t.request('GET', '/timeline?limit=500', {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(state).toEqual({
      valid: true,
      errors: [],
      slides: items.body.items.length,
      title: TITLE_SLIDE_ID,
    });
  });

  it('draws a range of years over both whole years', async () => {
    // 2021/2022: from the first day of 2021 up to the end of 2022 (the marker ends where 2023 begins).
    expect(await drawn('trade-semiconductors-2021-2022')).toEqual({
      start: '2021-01-01',
      end: '2023-01-01',
    });
  });

  it('draws a quarter over its three whole months', async () => {
    expect(await drawn('trade-machine-tools-2023q4')).toEqual({
      start: '2023-10-01',
      end: '2024-01-01',
    });
  });

  it('draws a day as a point on that day', async () => {
    expect(await drawn('eo-14114')).toEqual({ start: '2023-12-22', end: null });
  });

  it('keeps an item whose id is the slug of the title: going to it shows the item', async () => {
    const shown = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.timeline.goToId('policy-timeline');
      return w.timeline.getCurrentSlide().data.text.headline;
    });
    expect(shown).toBe('An item named policy-timeline');
  });
});
