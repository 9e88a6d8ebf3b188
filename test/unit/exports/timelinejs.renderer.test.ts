import Ajv2020 from 'ajv/dist/2020';
import { renderTimelineJs } from '../../../src/exports/timelinejs.renderer';
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

  it('gives dates only to the precision the occurrence is known to', () => {
    expect(byId('eo-14114')).toMatchObject({
      start_date: { year: 2023, month: 12, day: 22 },
      display_date: 'December 22, 2023',
    });
    expect(byId('eo-14114').end_date).toBeUndefined();
    expect(byId('machine-tools-q4')).toMatchObject({
      start_date: { year: 2023, month: 10 },
      end_date: { year: 2023, month: 12 },
      display_date: 'Q4 2023',
    });
    expect(byId('machine-tools-q4').start_date.day).toBeUndefined();
    expect(byId('microelectronics-2023').start_date).toEqual({ year: 2023 });
    expect(byId('microelectronics-2023').end_date).toBeUndefined();
    expect(byId('semiconductors-2021-2022')).toMatchObject({
      start_date: { year: 2021 },
      end_date: { year: 2022 },
      display_date: '2021–2022',
    });
    expect(byId('blinken-trip')).toMatchObject({
      start_date: { year: 2024, month: 4, day: 24 },
      end_date: { year: 2024, month: 4, day: 26 },
      display_date: 'April 24–26, 2024',
    });
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
