import ical, { escape, foldLines, ICalEventStatus, type ICalCalendar } from 'ical-generator';
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
import { DEFAULT_ICAL_UID_DOMAIN } from './ical-uid-domain';
import { addDays, occurrenceLabel } from './occurrence-dates';
import { calendarLine, calendarText } from './safe-text';

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
 * UID `<itemId>@<uidDomain>` is stable (ICAL_UID_DOMAIN, see ical-uid-domain.ts) and SEQUENCE is
 * the item version, so re-importing a newer export updates events in place; a retracted item is
 * STATUS:CANCELLED (only visible when the export includes retracted items, `includeRetracted=true`).
 *
 * Text goes through calendarText (no C0 controls, which RFC 5545 forbids; U+2028/U+2029 as line
 * breaks). ical-generator escapes URL values as TEXT (`a\,b\;c`), which turns a link with a comma
 * or semicolon into another link: URI values are not TEXT (RFC 5545 §3.3.13), so the URL line is
 * written unescaped here (see withUriValue).
 */

export interface CalendarTitle {
  readonly name: string;
  readonly description: string;
  /** The UIDs' domain; DEFAULT_ICAL_UID_DOMAIN when absent. */
  readonly uidDomain?: string;
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
  return calendarText(lines.join('\n'));
}

/**
 * The link as a URI value: an absolute http(s) URL in the WHATWG parser's serialisation, which
 * percent-encodes what a URI may not hold (spaces, controls, non-ASCII) and keeps `,` and `;`.
 */
function uriOf(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw) || !URL.canParse(raw)) return null;
  return new URL(raw).href;
}

/** The event's unfolded text with its URL line written as a URI instead of TEXT-escaped. */
function withUriValue(eventText: string, uri: string | null): string {
  if (uri === null) return eventText;
  const escaped = `\r\nURL;VALUE=URI:${escape(uri, false)}\r\n`;
  if (!eventText.includes(escaped)) {
    throw new Error('cannot write this export: ical-generator no longer writes URL as expected');
  }
  return eventText.replace(escaped, `\r\nURL;VALUE=URI:${uri}\r\n`);
}

/** An ISO day as a Date at UTC midnight; ical-generator writes all-day dates from UTC parts. */
function utcDay(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

function calendarTitled(title: CalendarTitle): ICalCalendar {
  return ical({
    name: calendarLine(title.name),
    description: calendarLine(title.description),
    prodId: { company: 'policy-timeline', product: 'timeline-export', language: 'EN' },
  });
}

/** One VEVENT, folded, ending CRLF. */
function eventOf(calendar: ICalCalendar, item: ItemDoc, uidDomain: string): string {
  const first = item.earliest ?? item.latest;
  const last = item.latest ?? item.earliest;
  if (first === null || last === null) {
    throw new Error(`item ${item.itemId} has no known day to place it on`);
  }
  const occurred = occurredOf(item);
  const when = occurrenceLabel({ ...occurred, earliest: item.earliest, latest: item.latest });
  const uri = sourcesOf(item)
    .map((s) => uriOf(s.url))
    .find((u) => u !== null);
  const event = calendar.createEvent({
    id: `${item.itemId}@${uidDomain}`,
    allDay: true,
    start: utcDay(first),
    end: utcDay(addDays(last, 1)),
    summary: calendarText(headlineOf(item)),
    description: descriptionOf(item, when),
    url: uri ?? null,
    sequence: item.version,
    stamp: new Date(item.lastRecordedAt),
    created: new Date(item.firstRecordedAt),
    lastModified: new Date(item.lastRecordedAt),
    categories: [{ name: item.type }],
    status: item.status === 'retracted' ? ICalEventStatus.CANCELLED : null,
  });
  return foldLines(withUriValue(event.toString(), uri ?? null));
}

const CALENDAR_END = 'END:VCALENDAR';

export function renderIcal(items: readonly ItemDoc[], title: CalendarTitle): string {
  const pieces = icalPieces(title);
  return pieces.header + pieces.page(items) + pieces.footer;
}

/**
 * iCalendar for a streamed export, which is also how the whole document is written: the header
 * is ical-generator's calendar of no events up to END:VCALENDAR, then each item's VEVENT as the
 * library writes it (URL line put right), folded line by line (RFC 5545 §3.1, 75 octets) as the
 * library folds a whole calendar, every line ending CRLF. Nothing else of the calendar depends on
 * its events (no time zones, no custom X- properties), so this is the library's one calendar.
 */
export function icalPieces(title: CalendarTitle): DocumentPieces {
  const calendar = calendarTitled(title);
  const uidDomain = title.uidDomain ?? DEFAULT_ICAL_UID_DOMAIN;
  return {
    header: headerBefore(calendar.toString(), CALENDAR_END),
    page(items) {
      // A fresh calendar per page, so events already written are not kept for the whole export.
      const pageCalendar = calendarTitled(title);
      return items.map((item) => eventOf(pageCalendar, item, uidDomain)).join('');
    },
    footer: CALENDAR_END,
  };
}
