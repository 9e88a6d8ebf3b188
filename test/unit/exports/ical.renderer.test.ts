import ical, { type VEvent } from 'node-ical';
import { renderIcal } from '../../../src/exports/ical.renderer';
import { DAY, DAY_RANGE, OPEN_END, OPEN_START, QUARTER, RETRACTED, YEAR } from './item-fixtures';

const TITLE = { name: 'Policy Timeline', description: '7 items at position 42' };

function events(text: string): Map<string, VEvent> {
  const parsed = ical.sync.parseICS(text);
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
