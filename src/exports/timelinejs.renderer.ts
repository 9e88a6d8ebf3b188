import type { ItemDoc } from '../read-model/item-doc';
import { headerBefore, type DocumentPieces } from './document-pieces';
import {
  headlineOf,
  occurredOf,
  retractionNote,
  sourcesOf,
  summaryOf,
  type SourceFields,
} from './item-fields';
import {
  addDays,
  dayParts,
  granularityOf,
  occurrenceLabel,
  type Granularity,
} from './occurrence-dates';
import { jsonWithSafeSeparators } from './safe-text';

/**
 * TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html): `{ title?, events }`
 * where each event is a slide with `start_date`/`end_date` objects, a `display_date` in words,
 * the text as HTML and `group` (one band per fact type). Everything from the record is
 * HTML-escaped: TimelineJS inserts `text` as HTML, so a source title must not be able to inject
 * markup.
 *
 * Dates: TimelineJS 3.9 reads a date object as the instant `new Date(year, month - 1, day)` with
 * missing parts taken as the first (TLDate._getDateData), and draws a slide from its start
 * instant to its end instant (TimeScale._computePositionInfo): the end is exclusive. So an end
 * "to the known precision" (`{ year: 2022 }` for 2021/2022) was drawn as ending on the first day
 * of its last period, a year short. The end is therefore the first instant after the period,
 * still at the item's precision: 2021/2022 → `{ year: 2023 }`, Q4 2023 → `{ year: 2024, month: 1 }`,
 * April 24–26 → `{ …, day: 27 }`. A single day is a point (no end); a year or a month is a span
 * over it. Slides and markers show `display_date` ("2021–2022"), never the end date itself.
 */

/**
 * The title slide's id. TimelineJS gives a slide without one the slug of its headline, so the
 * title "Policy Timeline" took `policy-timeline` and an item of that id was renamed. Item ids
 * are lowercase letters, digits and hyphens (ITEM_ID_PATTERN), so a leading `_` cannot collide.
 */
export const TITLE_SLIDE_ID = '_policy-timeline-title';

export interface TimelineJsDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

export interface TimelineJsSlide {
  readonly start_date: TimelineJsDate;
  readonly end_date?: TimelineJsDate;
  readonly display_date: string;
  readonly text: { readonly headline: string; readonly text: string };
  readonly group: string;
  readonly unique_id: string;
}

export interface TimelineJsDocument {
  readonly title?: {
    readonly text: { readonly headline: string; readonly text: string };
    readonly unique_id: string;
  };
  readonly events: TimelineJsSlide[];
}

export interface TimelineJsTitle {
  readonly headline: string;
  readonly text: string;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function dateOf(isoDay: string, granularity: Granularity): TimelineJsDate {
  const { year, month, day } = dayParts(isoDay);
  if (granularity === 'year') return { year };
  if (granularity === 'month') return { year, month };
  return { year, month, day };
}

/** The first instant after `latest`'s year, month or day, at that precision (see above). */
function endAfter(latest: string, granularity: Granularity): TimelineJsDate {
  const { year, month } = dayParts(latest);
  if (granularity === 'year') return { year: year + 1 };
  if (granularity === 'month')
    return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return dateOf(addDays(latest, 1), 'day');
}

/** One day is a point; anything longer spans from its first instant to the one after it. */
function datesOf(item: ItemDoc): Pick<TimelineJsSlide, 'start_date' | 'end_date'> {
  const { earliest, latest } = item;
  if (earliest === null || latest === null) {
    // An open-ended occurrence sits on its one known day; the display_date says "from"/"until".
    const known = earliest ?? latest;
    if (known === null) throw new Error(`item ${item.itemId} has no known day to place it on`);
    return { start_date: dateOf(known, 'day') };
  }
  if (earliest === latest) return { start_date: dateOf(earliest, 'day') };
  const granularity = granularityOf(earliest, latest);
  return { start_date: dateOf(earliest, granularity), end_date: endAfter(latest, granularity) };
}

/** Only http(s) links become anchors: a `javascript:` URL in a citation stays inert text. */
function sourceHtml(source: SourceFields): string {
  const label = escapeHtml([source.publisher, source.title].filter((p) => p !== '').join(' — '));
  const linked = /^https?:\/\//i.test(source.url)
    ? `<a href="${escapeHtml(source.url)}" target="_blank" rel="noopener noreferrer">${label}</a>`
    : label;
  const when = source.publishedOn === '' ? '' : ` (${escapeHtml(source.publishedOn)})`;
  return `<li>${linked}${when}</li>`;
}

function textHtml(item: ItemDoc): string {
  const parts = [`<p>${escapeHtml(summaryOf(item))}</p>`];
  const asStated = occurredOf(item).asStated;
  if (asStated !== null) parts.push(`<p><em>As stated: “${escapeHtml(asStated)}”</em></p>`);
  const retraction = retractionNote(item);
  if (retraction !== null) parts.push(`<p><strong>${escapeHtml(retraction)}</strong></p>`);
  const sources = sourcesOf(item);
  if (sources.length > 0) parts.push(`<p>Sources:</p><ul>${sources.map(sourceHtml).join('')}</ul>`);
  return parts.join('');
}

export function timelineJsSlide(item: ItemDoc): TimelineJsSlide {
  const occurred = occurredOf(item);
  const headline = headlineOf(item);
  return {
    ...datesOf(item),
    display_date: occurrenceLabel({ ...occurred, earliest: item.earliest, latest: item.latest }),
    text: {
      headline: escapeHtml(item.status === 'retracted' ? `[Retracted] ${headline}` : headline),
      text: textHtml(item),
    },
    group: item.type,
    unique_id: item.itemId,
  };
}

export function renderTimelineJs(items: readonly ItemDoc[], title?: TimelineJsTitle): string {
  const events = items.map(timelineJsSlide);
  const document: TimelineJsDocument = {
    ...(title
      ? {
          title: {
            text: { headline: escapeHtml(title.headline), text: escapeHtml(title.text) },
            unique_id: TITLE_SLIDE_ID,
          },
        }
      : {}),
    events,
  };
  return jsonWithSafeSeparators(JSON.stringify(document));
}

const EVENTS_END = ']}';

/**
 * TimelineJS for a streamed export: `{"title":…,"events":[` (renderTimelineJs of no items, up to
 * its closing `]}`), then every slide as JSON.stringify writes it inside the array, comma-joined
 * across pages, then `]}`. `events` is the document's last key, so this is renderTimelineJs's text.
 */
export function timelineJsPieces(title?: TimelineJsTitle): DocumentPieces {
  let slidesSoFar = 0;
  return {
    header: headerBefore(renderTimelineJs([], title), EVENTS_END),
    page(items) {
      const slides = items
        .map((item) => jsonWithSafeSeparators(JSON.stringify(timelineJsSlide(item))))
        .join(',');
      const separator = slidesSoFar > 0 && items.length > 0 ? ',' : '';
      slidesSoFar += items.length;
      return separator + slides;
    },
    footer: EVENTS_END,
  };
}
