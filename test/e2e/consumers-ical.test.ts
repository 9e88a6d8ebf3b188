import ICAL from 'ical.js';
import {
  ADVERSARIAL,
  startConsumerService,
  timelineItems,
  type ConsumerService,
} from './consumers.fixture';

/**
 * The iCalendar export read by ical.js, the parser behind Thunderbird's calendar, as a calendar
 * user subscribes to it: links with `,` and `;` open the page they name, every item is an all-day
 * event over its whole period with the exclusive DTEND calendars expect, and UIDs — here on the
 * domain of PUBLIC_BASE_URL — stay the same from one export to the next, so a re-import updates
 * events (SEQUENCE = version) instead of duplicating them.
 */

jest.setTimeout(60_000);

interface ReadEvent {
  readonly uid: string;
  readonly start: string;
  readonly end: string;
  readonly allDay: boolean;
  readonly url: unknown;
  readonly sequence: number;
  readonly summary: string;
}

function eventsOf(text: string): ReadEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      allDay: event.startDate.isDate && event.endDate.isDate,
      url: vevent.getFirstPropertyValue('url'),
      sequence: event.sequence,
      summary: event.summary,
    };
  });
}

/** The day after an ISO day. */
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('iCalendar export read by ical.js', () => {
  let service: ConsumerService;

  beforeAll(async () => {
    service = await startConsumerService({ PUBLIC_BASE_URL: 'https://timeline.example.org/' });
  });
  afterAll(() => service.t.close());

  async function exportIcs(): Promise<ReadEvent[]> {
    const res = await service.t.request('GET', `/timeline?format=ics&minPosition=${service.head}`);
    expect([res.status, res.headers.get('content-type')]).toEqual([
      200,
      'text/calendar; charset=utf-8',
    ]);
    return eventsOf(res.text);
  }

  it('keeps source URLs with , and ; as the links they are', async () => {
    const events = await exportIcs();
    const urlOf = (itemId: string) =>
      events.find((e) => e.uid === `${itemId}@timeline.example.org`)!.url;
    expect(urlOf('zz-adversarial-quotes')).toBe('https://example.org/search?q=a,b;c&lang=en');
    expect(urlOf('zz-adversarial-formula')).toBe('https://example.org/;jsessionid=x');
    expect(urlOf('zz-adversarial-unicode')).toBe('https://example.org/%C3%BC');
    expect(urlOf('eo-14114')).toMatch(/^https:\/\/www\.federalregister\.gov\//);
    const unicode = events.find((e) => e.uid === 'zz-adversarial-unicode@timeline.example.org')!;
    expect(unicode.summary).toBe(ADVERSARIAL[3].headline);
  });

  it('makes every item an all-day event from earliest to the day after latest', async () => {
    const items = await timelineItems(service);
    const events = await exportIcs();
    expect(events.map((e) => e.uid)).toEqual(items.map((i) => `${i.itemId}@timeline.example.org`));
    for (const [n, item] of items.entries()) {
      const first = (item.earliest ?? item.latest) as string;
      const last = (item.latest ?? item.earliest) as string;
      expect([item.itemId, events[n].allDay, events[n].start, events[n].end]).toEqual([
        item.itemId,
        true,
        first,
        nextDay(last),
      ]);
    }
    const span = (itemId: string) => {
      const event = events.find((e) => e.uid === `${itemId}@timeline.example.org`)!;
      return [event.start, event.end];
    };
    expect(span('trade-semiconductors-2021-2022')).toEqual(['2021-01-01', '2023-01-01']);
    expect(span('trade-machine-tools-2023q4')).toEqual(['2023-10-01', '2024-01-01']);
    expect(span('eo-14114')).toEqual(['2023-12-22', '2023-12-23']);
  });

  it('keeps each UID from one export to the next; a correction raises SEQUENCE', async () => {
    const before = await exportIcs();
    const item = await service.t.request('GET', '/items/eo-14114');
    const corrected = await service.t.request('POST', '/items/eo-14114/corrections', {
      headers: { 'if-match': item.headers.get('etag')!, 'idempotency-key': 'ics-uid-stability' },
      body: {
        kind: 'clarification',
        reason: 'A clearer summary.',
        patch: [{ op: 'replace', path: '/summary', value: 'A clearer summary of EO 14114.' }],
      },
    });
    expect(corrected.status).toBe(200);
    const wait = await service.t.request(
      'GET',
      `/items/eo-14114?minPosition=${corrected.body.position}`,
    );
    expect(wait.status).toBe(200);
    const after = await exportIcs();
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    const sequence = (events: ReadEvent[]) =>
      events.find((e) => e.uid === 'eo-14114@timeline.example.org')!.sequence;
    expect(sequence(after)).toBe(sequence(before) + 1);
  });
});
