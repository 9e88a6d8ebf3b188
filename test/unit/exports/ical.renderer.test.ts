import ical, { ICalEventStatus } from 'ical-generator';
import ICAL from 'ical.js';
import nodeIcal, { type VEvent } from 'node-ical';
import { renderIcal } from '../../../src/exports/ical.renderer';
import type { ItemDoc } from '../../../src/read-model/item-doc';
import {
  DAY,
  DAY_RANGE,
  itemDoc,
  OPEN_END,
  OPEN_START,
  QUARTER,
  RETRACTED,
  YEAR,
} from './item-fixtures';

const TITLE = { name: 'Policy Timeline', description: '7 items at position 42' };

function events(text: string): Map<string, VEvent> {
  const parsed = nodeIcal.sync.parseICS(text);
  const found = new Map<string, VEvent>();
  for (const component of Object.values(parsed)) {
    if (component?.type === 'VEVENT') found.set(component.uid, component);
  }
  return found;
}

/** node-ical gives date-only values as local midnight flagged dateOnly; read them back as days. */
function day(value: Date & { dateOnly?: boolean }): string {
  expect(value.dateOnly).toBe(true);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

describe('iCalendar export', () => {
  const text = renderIcal([DAY, QUARTER, YEAR, DAY_RANGE, OPEN_END, OPEN_START, RETRACTED], TITLE);
  const byUid = events(text);

  it('is one VCALENDAR with one event per item under a stable UID', () => {
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect([...byUid.keys()]).toEqual([
      'eo-14114@policy-timeline',
      'machine-tools-q4@policy-timeline',
      'microelectronics-2023@policy-timeline',
      'blinken-trip@policy-timeline',
      'ongoing-support@policy-timeline',
      'support-until@policy-timeline',
      'xi-lavrov-duplicate@policy-timeline',
    ]);
    expect(renderIcal([DAY], TITLE)).toContain('UID:eo-14114@policy-timeline');
  });

  it('makes a day-precision item an all-day event with an exclusive end', () => {
    const event = byUid.get('eo-14114@policy-timeline')!;
    expect(event.datetype).toBe('date');
    expect(day(event.start)).toBe('2023-12-22');
    expect(day(event.end!)).toBe('2023-12-23');
    expect(event.summary).toBe('Headline of eo-14114');
    expect(event.url).toMatchObject({ val: 'https://www.federalregister.gov/d/2023-28662' });
    expect(event.sequence).toBe(1);
    expect(event.dtstamp.toISOString()).toBe('2024-04-13T09:00:00.000Z');
    expect(event.description).toContain('Summary of eo-14114.');
    expect(event.description).toContain(
      '- Federal Register — Executive Order 14114 <https://www.federalregister.gov/d/2023-28662> (2023-12-26)',
    );
    expect(event.status).toBeUndefined();
  });

  it('spans imprecise items over their whole period, end exclusive', () => {
    const spans = [
      ['machine-tools-q4', '2023-10-01', '2024-01-01'],
      ['microelectronics-2023', '2023-01-01', '2024-01-01'],
      ['blinken-trip', '2024-04-24', '2024-04-27'],
    ];
    for (const [id, start, end] of spans) {
      const event = byUid.get(`${id}@policy-timeline`)!;
      expect([id, day(event.start), day(event.end!)]).toEqual([id, start, end]);
    }
    expect(byUid.get('machine-tools-q4@policy-timeline')!.description).toContain(
      'When: Q4 2023\nAs stated: “in the last quarter of 2023”',
    );
  });

  it('marks open-ended items as one day on their known end and says so', () => {
    for (const id of ['ongoing-support', 'support-until']) {
      const event = byUid.get(`${id}@policy-timeline`)!;
      expect([day(event.start), day(event.end!)]).toEqual(['2024-04-12', '2024-04-13']);
      expect(event.description).toContain('Open-ended');
    }
    expect(byUid.get('ongoing-support@policy-timeline')!.description).toContain(
      'When: from April 12, 2024',
    );
  });

  it('cancels retracted items, with the version as SEQUENCE and the last change as DTSTAMP', () => {
    const event = byUid.get('xi-lavrov-duplicate@policy-timeline')!;
    expect(event.status).toBe('CANCELLED');
    expect(event.sequence).toBe(2);
    expect(event.dtstamp.toISOString()).toBe('2024-04-14T10:30:00.000Z');
    expect(event.description).toContain('Retracted: recorded twice (duplicate of xi-lavrov)');
  });

  it('writes all-day dates as DATE values, with no time or zone to shift them', () => {
    expect(text).toContain('DTSTART;VALUE=DATE:20231222\r\nDTEND;VALUE=DATE:20231223\r\n');
  });
});

/** ical.js, the parser Thunderbird uses: the events of a document by UID. */
function icalJsEvents(text: string): Map<string, ICAL.Event> {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const found = new Map<string, ICAL.Event>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    found.set(event.uid, event);
  }
  return found;
}

/* eslint-disable no-control-regex -- the test looks for exactly these */
/** RFC 5545 CONTROL (%x00-08 / %x0A-1F / %x7F) anywhere but in the CRLF line ends. */
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/* eslint-enable no-control-regex */

describe('iCalendar export read by ical.js', () => {
  const withUrl = (url: string) =>
    itemDoc('linked', DAY.fact.occurred as never, {
      fact: { sources: [{ title: 't', publisher: 'p', url, publishedOn: '2024-01-01' }] },
    });

  it('writes URL as a URI value, so a link with , or ; stays the same link', () => {
    for (const url of [
      'https://example.org/search?q=a,b;c&lang=en',
      'https://example.org/path;jsessionid=1,2',
      'https://example.org/a\\b',
    ]) {
      const text = renderIcal([withUrl(url)], TITLE);
      const event = icalJsEvents(text).get('linked@policy-timeline')!;
      const expected = new URL(url).href;
      expect([url, event.component.getFirstPropertyValue('url')]).toEqual([url, expected]);
      expect(text).toContain(`\r\nURL;VALUE=URI:${expected}\r\n`);
    }
  });

  it('percent-encodes what a URI may not hold, and leaves out links that are not http(s)', () => {
    const text = renderIcal([withUrl('https://example.org/ü two')], TITLE);
    const url = icalJsEvents(text).get('linked@policy-timeline')!.component;
    expect(url.getFirstPropertyValue('url')).toBe('https://example.org/%C3%BC%20two');
    const inert = renderIcal([withUrl('javascript:alert(1)')], TITLE);
    expect(inert).not.toContain('URL;');
  });

  it('writes no control character, and U+2028/U+2029 as the line breaks they mean', () => {
    const noisy = itemDoc('noisy', DAY.fact.occurred as never, {
      fact: {
        headline: 'bell\u0007 null\u0000 escape\u001b delete\u007f tab\there',
        summary: 'line\u2028separator\u2029paragraph, vertical\u000btab',
      },
      status: 'retracted',
      retraction: { kind: 'erroneous', reason: 'form\u000cfeed', duplicateOf: null },
    });
    const text = renderIcal([noisy], { ...TITLE, name: 'Name\r\nX-INJECTED:1\u0007' });
    expect(RAW_CONTROL.test(text.replace(/\r\n/g, ''))).toBe(false);
    expect(text).not.toContain('\r\nX-INJECTED');
    const event = icalJsEvents(text).get('noisy@policy-timeline')!;
    expect(event.summary).toBe('bell null escape delete tab\there');
    expect(event.description).toContain('line\nseparator\n\nparagraph, verticaltab');
    expect(event.description).toContain('Retracted: formfeed');
    expect(text).not.toMatch(/[\u2028\u2029]/);
  });

  it('takes the UID domain it is given, the same for every export of the item', () => {
    const title = { ...TITLE, uidDomain: 'timeline.example.org' };
    const first = icalJsEvents(renderIcal([DAY, QUARTER], title));
    const second = icalJsEvents(renderIcal([QUARTER, DAY, YEAR], title));
    expect([...first.keys()]).toEqual([
      'eo-14114@timeline.example.org',
      'machine-tools-q4@timeline.example.org',
    ]);
    for (const uid of first.keys()) expect(second.has(uid)).toBe(true);
  });

  it("is ical-generator's own calendar wherever no URL needed rewriting", () => {
    const items = [DAY, QUARTER, YEAR, DAY_RANGE, OPEN_END, RETRACTED];
    const library = renderIcal(items, TITLE);
    // ical-generator writes these URLs the same escaped or not: no , ; or \ in them.
    expect(library).toBe(libraryCalendar(items));
  });
});

const timeOf = (event: ICAL.Event, name: string) =>
  (event.component.getFirstPropertyValue(name) as ICAL.Time).toJSDate();

/** The calendar as ical-generator writes it whole, from the same event data as the renderer. */
function libraryCalendar(items: readonly ItemDoc[]): string {
  const text = renderIcal(items, TITLE);
  const calendar = ical({
    name: TITLE.name,
    description: TITLE.description,
    prodId: { company: 'policy-timeline', product: 'timeline-export', language: 'EN' },
  });
  const parsed = icalJsEvents(text);
  for (const item of items) {
    const event = parsed.get(`${item.itemId}@policy-timeline`)!;
    const url = event.component.getFirstPropertyValue('url');
    calendar.createEvent({
      id: event.uid,
      allDay: true,
      start: new Date(`${event.startDate.toString()}T00:00:00Z`),
      end: new Date(`${event.endDate.toString()}T00:00:00Z`),
      summary: event.summary,
      description: event.description,
      url: typeof url === 'string' ? url : null,
      sequence: event.sequence,
      stamp: timeOf(event, 'dtstamp'),
      created: timeOf(event, 'created'),
      lastModified: timeOf(event, 'last-modified'),
      categories: [{ name: item.type }],
      status: item.status === 'retracted' ? ICalEventStatus.CANCELLED : null,
    });
  }
  return calendar.toString();
}
