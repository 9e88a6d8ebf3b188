import Ajv2020 from 'ajv/dist/2020';
import { renderTimelineJs, TITLE_SLIDE_ID } from '../../../src/exports/timelinejs.renderer';
import { ITEM_ID_PATTERN } from '../../../events/schemas/rules';
import {
  DAY,
  DAY_RANGE,
  itemDoc,
  OPEN_END,
  OPEN_START,
  QUARTER,
  RETRACTED,
  YEAR,
  YEARS,
} from './item-fixtures';
import { TIMELINEJS_SCHEMA } from './timelinejs.schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON under test
type Json = any;

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(TIMELINEJS_SCHEMA);

function loadable(text: string): Json {
  const document = JSON.parse(text) as Json;
  if (!validate(document)) throw new Error(JSON.stringify(validate.errors, null, 2));
  return document;
}

const asNumber = (d: Json) => (d.year * 100 + (d.month ?? 1)) * 100 + (d.day ?? 1);

describe('TimelineJS export', () => {
  const items = [DAY, QUARTER, YEAR, YEARS, DAY_RANGE, OPEN_END, OPEN_START, RETRACTED];
  const document = loadable(
    renderTimelineJs(items, { headline: 'Policy Timeline', text: '8 items at position 42' }),
  );
  const byId = (id: string) => document.events.find((e: Json) => e.unique_id === id);

  it('is valid TimelineJS JSON with a title slide and one event per item', () => {
    expect(document.title).toMatchObject({ unique_id: TITLE_SLIDE_ID });
    expect(document.title.text).toEqual({
      headline: 'Policy Timeline',
      text: '8 items at position 42',
    });
    expect(document.events.map((e: Json) => e.unique_id)).toEqual(items.map((i) => i.itemId));
    for (const event of document.events) {
      if (event.end_date)
        expect(asNumber(event.end_date)).toBeGreaterThan(asNumber(event.start_date));
    }
  });

  it('ends each span on the first instant after it, at its precision (TimelineJS ends are exclusive)', () => {
    expect(byId('eo-14114')).toMatchObject({
      start_date: { year: 2023, month: 12, day: 22 },
      display_date: 'December 22, 2023',
    });
    expect(byId('eo-14114').end_date).toBeUndefined();
    expect(byId('machine-tools-q4')).toMatchObject({
      start_date: { year: 2023, month: 10 },
      end_date: { year: 2024, month: 1 },
      display_date: 'Q4 2023',
    });
    expect(byId('machine-tools-q4').start_date.day).toBeUndefined();
    expect(byId('microelectronics-2023')).toMatchObject({
      start_date: { year: 2023 },
      end_date: { year: 2024 },
      display_date: '2023',
    });
    expect(byId('semiconductors-2021-2022')).toMatchObject({
      start_date: { year: 2021 },
      end_date: { year: 2023 },
      display_date: '2021–2022',
    });
    expect(byId('blinken-trip')).toMatchObject({
      start_date: { year: 2024, month: 4, day: 24 },
      end_date: { year: 2024, month: 4, day: 27 },
      display_date: 'April 24–26, 2024',
    });
  });

  it('ends month and day spans across a year or month boundary correctly', () => {
    const december = itemDoc('december', {
      edtf: '2023-12',
      earliest: '2023-12-01',
      latest: '2023-12-31',
      precision: 'month',
    });
    const newYearsEve = itemDoc('new-years-eve', {
      edtf: '2023-12-30/2023-12-31',
      earliest: '2023-12-30',
      latest: '2023-12-31',
      precision: 'interval',
    });
    const leap = itemDoc('leap', {
      edtf: '2024-02-28/2024-02-29',
      earliest: '2024-02-28',
      latest: '2024-02-29',
      precision: 'interval',
    });
    const slides = loadable(renderTimelineJs([december, newYearsEve, leap])).events;
    expect(slides.map((s: Json) => s.end_date)).toEqual([
      { year: 2024, month: 1 },
      { year: 2024, month: 1, day: 1 },
      { year: 2024, month: 3, day: 1 },
    ]);
  });

  it('gives the title slide an id no item can have', () => {
    expect(document.title.unique_id).toBe(TITLE_SLIDE_ID);
    expect(ITEM_ID_PATTERN.test(TITLE_SLIDE_ID)).toBe(false);
    const namesake = itemDoc('policy-timeline', DAY.fact.occurred as never);
    const titled = loadable(
      renderTimelineJs([namesake], { headline: 'Policy Timeline', text: '' }),
    );
    expect([titled.title.unique_id, titled.events[0].unique_id]).toEqual([
      TITLE_SLIDE_ID,
      'policy-timeline',
    ]);
  });

  it('writes U+2028 and U+2029 as escapes', () => {
    const separated = itemDoc('separated', DAY.fact.occurred as never, {
      fact: { headline: 'line\u2028separator\u2029paragraph' },
    });
    const text = renderTimelineJs([separated]);
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(loadable(text).events[0].text.headline).toBe('line\u2028separator\u2029paragraph');
  });

  it('places open-ended items on their one known day and says which end is open', () => {
    expect(byId('ongoing-support')).toMatchObject({
      start_date: { year: 2024, month: 4, day: 12 },
      display_date: 'from April 12, 2024',
    });
    expect(byId('support-until')).toMatchObject({
      start_date: { year: 2024, month: 4, day: 12 },
      display_date: 'until April 12, 2024',
    });
  });

  it('groups by fact type and carries the summary, the wording as stated and linked sources', () => {
    const event = byId('machine-tools-q4');
    expect(event.group).toBe('LegalInstrumentIssued');
    expect(event.text.headline).toBe('Headline of machine-tools-q4');
    expect(event.text.text).toContain('<p>Summary of machine-tools-q4.</p>');
    expect(event.text.text).toContain('As stated: “in the last quarter of 2023”');
    expect(event.text.text).toContain(
      '<a href="https://www.federalregister.gov/d/2023-28662" target="_blank" rel="noopener noreferrer">Federal Register — Executive Order 14114</a> (2023-12-26)',
    );
    expect(byId('xi-lavrov-duplicate').text.headline).toBe(
      '[Retracted] Headline of xi-lavrov-duplicate',
    );
    expect(byId('xi-lavrov-duplicate').text.text).toContain('Retracted: recorded twice');
  });

  it('escapes markup from the record and links only http(s) sources', () => {
    const hostile = itemDoc('hostile', DAY.fact.occurred as never, {
      fact: {
        headline: '<img src=x onerror=alert(1)>',
        summary: 'Tom & "Jerry" <script>',
        sources: [
          { title: 'evil', publisher: 'P', url: 'javascript:alert(1)', publishedOn: '2024' },
          { title: 'q"uote', publisher: 'P', url: 'https://x.example/?a=1&b="2"', publishedOn: '' },
        ],
      },
    });
    const [event] = loadable(renderTimelineJs([hostile])).events;
    expect(event.text.headline).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(event.text.text).toContain('<p>Tom &amp; &quot;Jerry&quot; &lt;script&gt;</p>');
    expect(event.text.text).toContain('<li>P — evil (2024)</li>');
    expect(event.text.text).not.toContain('javascript:');
    expect(event.text.text).toContain('href="https://x.example/?a=1&amp;b=&quot;2&quot;"');
  });

  it('omits the title slide when none is given and accepts an empty timeline', () => {
    expect(loadable(renderTimelineJs([]))).toEqual({ events: [] });
  });
});
