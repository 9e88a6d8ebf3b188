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
import { dayParts, granularityOf, occurrenceLabel, type Granularity } from './occurrence-dates';
import { jsonWithSafeSeparators } from './safe-text';

/**
 * TimelineJS 3 JSON (https://timeline.knightlab.com/docs/json-format.html): `{ title?, events }`
 * where each event is a slide with `start_date`/`end_date` objects that carry only the parts the
 * occurrence is known to (a year-only item gives only `year`), a `display_date` in words, the
 * text as HTML and `group` (one band per fact type). Everything from the record is HTML-escaped:
 * TimelineJS inserts `text` as HTML, so a source title must not be able to inject markup.
 */

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
  readonly title?: { readonly text: { readonly headline: string; readonly text: string } };
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

/** A point (one day, month or year) has no end_date; a span has both ends at its precision. */
function datesOf(item: ItemDoc): Pick<TimelineJsSlide, 'start_date' | 'end_date'> {
  const { earliest, latest } = item;
  if (earliest === null || latest === null) {
    // An open-ended occurrence sits on its one known day; the display_date says "from"/"until".
    const known = earliest ?? latest;
    if (known === null) throw new Error(`item ${item.itemId} has no known day to place it on`);
    return { start_date: dateOf(known, 'day') };
  }
  const granularity = granularityOf(earliest, latest);
  const start = dateOf(earliest, granularity);
  const end = dateOf(latest, granularity);
  const point = JSON.stringify(start) === JSON.stringify(end);
  return point ? { start_date: start } : { start_date: start, end_date: end };
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
      ? { title: { text: { headline: escapeHtml(title.headline), text: escapeHtml(title.text) } } }
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
