/**
 * Calendar arithmetic and wording for an item's occurrence, shared by the TimelineJS, iCalendar
 * and CSV renderers. Works on the server-derived inclusive day bounds (`earliest`, `latest`,
 * `YYYY-MM-DD`, null = open) rather than re-parsing EDTF, so every format agrees with the filters.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** EDTF 21..24 are the seasons of a year (the edtf package places them within that year). */
const SEASONS: Readonly<Record<string, string>> = {
  '21': 'Spring',
  '22': 'Summer',
  '23': 'Autumn',
  '24': 'Winter',
};

export interface DayParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** How coarse both bounds are: whole years, whole months, or days. */
export type Granularity = 'year' | 'month' | 'day';

export function dayParts(isoDay: string): DayParts {
  const [year, month, day] = isoDay.split('-').map(Number);
  return { year, month, day };
}

/** The ISO day `days` after `isoDay` (UTC, so no daylight-saving day is ever 23 hours long). */
export function addDays(isoDay: string, days: number): string {
  const { year, month, day } = dayParts(isoDay);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day + days); // unlike Date.UTC, keeps years 0-99 as written
  return date.toISOString().slice(0, 10);
}

function isLastDayOfMonth(isoDay: string): boolean {
  return dayParts(addDays(isoDay, 1)).day === 1;
}

export function granularityOf(earliest: string, latest: string): Granularity {
  const first = dayParts(earliest);
  const last = dayParts(latest);
  const wholeMonths = first.day === 1 && isLastDayOfMonth(latest);
  if (wholeMonths && first.month === 1 && last.month === 12) return 'year';
  return wholeMonths ? 'month' : 'day';
}

export function dayLabel(isoDay: string): string {
  const { year, month, day } = dayParts(isoDay);
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

function monthLabel(parts: DayParts): string {
  return `${MONTHS[parts.month - 1]} ${parts.year}`;
}

/** "December 22, 2023", "Q4 2023", "2021–2022", "April 24–26, 2024", "January–April 2023"... */
export function spanLabel(earliest: string, latest: string): string {
  const first = dayParts(earliest);
  const last = dayParts(latest);
  const sameYear = first.year === last.year;
  switch (granularityOf(earliest, latest)) {
    case 'year':
      return sameYear ? `${first.year}` : `${first.year}–${last.year}`;
    case 'month':
      if (sameYear && first.month === last.month) return monthLabel(first);
      if (sameYear && first.month % 3 === 1 && last.month === first.month + 2) {
        return `Q${(first.month + 2) / 3} ${first.year}`;
      }
      return sameYear
        ? `${MONTHS[first.month - 1]}–${monthLabel(last)}`
        : `${monthLabel(first)} – ${monthLabel(last)}`;
    case 'day':
      if (earliest === latest) return dayLabel(earliest);
      if (sameYear && first.month === last.month) {
        return `${MONTHS[first.month - 1]} ${first.day}–${last.day}, ${first.year}`;
      }
      return sameYear
        ? `${MONTHS[first.month - 1]} ${first.day} – ${dayLabel(latest)}`
        : `${dayLabel(earliest)} – ${dayLabel(latest)}`;
  }
}

/** The wording shown for an occurrence; open ends read "from …" / "until …". */
export function occurrenceLabel(occurrence: {
  readonly edtf: string;
  readonly earliest: string | null;
  readonly latest: string | null;
}): string {
  const season = /^(\d{4})-(2[1-4])$/.exec(occurrence.edtf);
  if (season) return `${SEASONS[season[2]]} ${season[1]}`;
  const { earliest, latest } = occurrence;
  if (earliest !== null && latest !== null) return spanLabel(earliest, latest);
  if (earliest !== null) return `from ${dayLabel(earliest)}`;
  if (latest !== null) return `until ${dayLabel(latest)}`;
  return 'date unknown';
}
