import ical, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { ItemDoc } from '../read-model/item-doc';
import { headerBefore, type DocumentPieces } from './document-pieces';
import {
  headlineOf,
  occurredOf,
  retractionNote,
  sourceLabel,
  sourcesOf,
  summaryOf,
} from './item-fields';
import { addDays, occurrenceLabel } from './occurrence-dates';

/**
 * iCalendar (RFC 5545) via ical-generator. Every item is an all-day event (VALUE=DATE, no time
 * zone: an occurrence is a calendar day wherever you are) spanning its inclusive bounds, written
 * with the EXCLUSIVE end RFC 5545 wants (DTEND = latest + 1 day); imprecise items ("Q4 2023",
 * "2023") become all-day spans over their whole period.
 *
 * Open-ended items ("from 2024-04-12", "until 2024-04-12") become a one-day event on their one
 * known day, and the description says which end is open: inventing an end date would put a
 * false span in someone's calendar, and a calendar event cannot be unbounded.
 *
 * UID `<itemId>@policy-timeline` is stable and SEQUENCE is the item version, so re-importing a
 * newer export updates events in place; a retracted item is STATUS:CANCELLED (only visible when
 * the export includes retracted items, `includeRetracted=true`).
 */

export const ICAL_UID_DOMAIN = 'policy-timeline';

export interface CalendarTitle {
  readonly name: string;
  readonly description: string;
}

function descriptionOf(item: ItemDoc, when: string): string {
  const occurred = occurredOf(item);
  const lines = [summaryOf(item), '', `When: ${when}`];
  if (occurred.asStated !== null) lines.push(`As stated: “${occurred.asStated}”`);
  if (item.earliest === null || item.latest === null) {
    lines.push('Open-ended: only one end is known; the event marks that day.');
  }
  const retraction = retractionNote(item);
  if (retraction !== null) lines.push(retraction);
  const sources = sourcesOf(item);
  if (sources.length > 0) lines.push('', 'Sources:', ...sources.map((s) => `- ${sourceLabel(s)}`));
  return lines.join('\n');
}

/** An ISO day as a Date at UTC midnight; ical-generator writes all-day dates from UTC parts. */
function utcDay(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

function calendarTitled(title: CalendarTitle): ICalCalendar {
  return ical({
    name: title.name,
    description: title.description,
    prodId: { company: 'policy-timeline', product: 'timeline-export', language: 'EN' },
  });
}

function addEvent(calendar: ICalCalendar, item: ItemDoc): void {
  const first = item.earliest ?? item.latest;
  const last = item.latest ?? item.earliest;
  if (first === null || last === null) {
    throw new Error(`item ${item.itemId} has no known day to place it on`);
  }
  const occurred = occurredOf(item);
  const when = occurrenceLabel({ ...occurred, earliest: item.earliest, latest: item.latest });
  const url = sourcesOf(item).find((s) => /^https?:\/\//i.test(s.url))?.url;
  calendar.createEvent({
    id: `${item.itemId}@${ICAL_UID_DOMAIN}`,
    allDay: true,
    start: utcDay(first),
    end: utcDay(addDays(last, 1)),
    summary: headlineOf(item),
    description: descriptionOf(item, when),
    url: url ?? null,
    sequence: item.version,
    stamp: new Date(item.lastRecordedAt),
    created: new Date(item.firstRecordedAt),
    lastModified: new Date(item.lastRecordedAt),
    categories: [{ name: item.type }],
    status: item.status === 'retracted' ? ICalEventStatus.CANCELLED : null,
  });
}

export function renderIcal(items: readonly ItemDoc[], title: CalendarTitle): string {
  const calendar = calendarTitled(title);
  for (const item of items) addEvent(calendar, item);
  return calendar.toString();
}

const CALENDAR_END = 'END:VCALENDAR';

/**
 * iCalendar for a streamed export. ical-generator cannot stream: it renders a whole calendar in
 * one toString(). So each page is rendered as a calendar of its own with the same title, and its
 * VEVENT blocks are cut from between that calendar's header and END:VCALENDAR and spliced between
 * one header and one footer. This is byte for byte renderIcal's one calendar: the library folds
 * (RFC 5545 §3.1, 75 octets) line by line, every line ending CRLF, and writes events in order
 * after the header with nothing else between them and END:VCALENDAR (no custom X- properties).
 */
export function icalPieces(title: CalendarTitle): DocumentPieces {
  const header = headerBefore(calendarTitled(title).toString(), CALENDAR_END);
  return {
    header,
    page(items) {
      if (items.length === 0) return '';
      const calendar = renderIcal(items, title);
      if (!calendar.startsWith(header)) {
        throw new Error('cannot stream this export: a page calendar has a different header');
      }
      return headerBefore(calendar, CALENDAR_END).slice(header.length);
    },
    footer: CALENDAR_END,
  };
}
