import { ApiError } from '../http/error-catalogue';

/**
 * Which representation of a timeline a request asks for. `format=` wins over Accept (a link can
 * carry it; a browser download cannot set headers). The access policy calls this same function,
 * so "is this an export?" (auditor role) and "what do we send?" can never disagree.
 */
export const TIMELINE_FORMATS = ['json', 'csv', 'ndjson', 'timelinejs', 'ics'] as const;
export type TimelineFormat = (typeof TIMELINE_FORMATS)[number];
export type ExportFormat = Exclude<TimelineFormat, 'json'>;

/** The representation to send and its Content-Type (without charset); a union, so checking
 * `format !== 'json'` narrows it to an export. */
export type Negotiated = { readonly format: 'json'; readonly mediaType: string } | ExportNegotiated;

export interface ExportNegotiated {
  readonly format: ExportFormat;
  readonly mediaType: string;
}

/** `format=` values; `ical` is a common spelling of `ics`. */
const FORMAT_NAMES: Readonly<Record<string, TimelineFormat>> = {
  json: 'json',
  csv: 'csv',
  ndjson: 'ndjson',
  timelinejs: 'timelinejs',
  ics: 'ics',
  ical: 'ics',
};

/**
 * With `format=`, the answer's media type. TimelineJS is plain JSON to its loader (and to the web
 * page's download check), so it is served as application/json when asked for by name.
 */
const FORMAT_MEDIA_TYPES: Readonly<Record<TimelineFormat, string>> = {
  json: 'application/json',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  timelinejs: 'application/json',
  ics: 'text/calendar',
};

/** What Accept can name, in our order of preference when q-values tie (JSON first). */
const SERVED_MEDIA_TYPES: readonly (readonly [string, TimelineFormat])[] = [
  ['application/json', 'json'],
  ['text/csv', 'csv'],
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/vnd.timelinejs+json', 'timelinejs'],
  ['text/calendar', 'ics'],
];

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',')) {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const m = /^([a-z0-9!#$&^_.+-]+|\*)\/([a-z0-9!#$&^_.+-]+|\*)$/.exec(range);
    if (!m) continue; // a malformed range matches nothing rather than everything
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isNaN(q) || q < 0 || q > 1) continue;
    ranges.push({ type: m[1], subtype: m[2], q });
  }
  return ranges;
}

/** RFC 9110 §12.5.1: the most specific range that matches a type decides its quality. */
function qualityOf(mediaType: string, ranges: readonly MediaRange[]): number {
  const [type, subtype] = mediaType.split('/');
  let best = { specificity: -1, q: 0 };
  for (const r of ranges) {
    const specificity =
      r.type === type && r.subtype === subtype
        ? 2
        : r.type === type && r.subtype === '*'
          ? 1
          : r.type === '*' && r.subtype === '*'
            ? 0
            : -1;
    if (specificity > best.specificity) best = { specificity, q: r.q };
  }
  return best.q;
}

function formatParameter(query: Readonly<Record<string, unknown>>): string | undefined {
  const raw = query.format;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw ApiError.invalidQuery('format', 'may be given only once');
  return raw.trim() === '' ? undefined : raw.trim().toLowerCase();
}

export function negotiateTimelineFormat(
  query: Readonly<Record<string, unknown>>,
  accept: string | undefined,
): Negotiated {
  const named = formatParameter(query);
  if (named !== undefined) {
    const format = FORMAT_NAMES[named];
    if (format === undefined) {
      throw ApiError.invalidQuery(
        'format',
        `must be one of ${TIMELINE_FORMATS.join(', ')}, not "${named}"`,
      );
    }
    return { format, mediaType: FORMAT_MEDIA_TYPES[format] };
  }
  if (accept === undefined || accept.trim() === '') {
    return { format: 'json', mediaType: 'application/json' };
  }
  const ranges = parseAccept(accept);
  let chosen: { mediaType: string; format: TimelineFormat; q: number } | null = null;
  for (const [mediaType, format] of SERVED_MEDIA_TYPES) {
    const q = qualityOf(mediaType, ranges);
    if (q > 0 && (chosen === null || q > chosen.q)) chosen = { mediaType, format, q };
  }
  if (chosen === null) {
    throw new ApiError(
      'NOT_ACCEPTABLE',
      `Accept "${accept}" matches nothing served here: ${SERVED_MEDIA_TYPES.map(([t]) => t).join(', ')} (or use format=)`,
    );
  }
  return { format: chosen.format, mediaType: chosen.mediaType };
}
