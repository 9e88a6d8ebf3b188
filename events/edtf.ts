/**
 * Derives an occurrence's inclusive day bounds and precision from its EDTF string with the `edtf`
 * package (ISO 8601-2 levels 0-2). Seasons follow the package: 21..24 map to the calendar quarters
 * of the same year, so a season never spills into the next year.
 */
import edtf from 'edtf';
import type { IsoDay, Occurrence, OccurrenceInput, Precision } from './common';

export class InvalidEdtfError extends Error {
  override readonly name = 'InvalidEdtfError';
  constructor(
    readonly edtf: string,
    readonly reason: string,
  ) {
    super(`Invalid EDTF "${edtf}": ${reason}`);
  }
}

export interface DerivedOccurrence {
  readonly earliest: IsoDay | null;
  readonly latest: IsoDay | null;
  readonly precision: Precision;
}

type ParsedEdtf = ReturnType<typeof edtf>;

/** 0000-01-01 .. 9999-12-31: the range an ISO `YYYY-MM-DD` day can express. */
const MIN_MS = Date.parse('0000-01-01T00:00:00Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * The `edtf` package parses with a general (nearley) grammar, which costs more than the rest of a
 * write's validation; the answers are pure and the strings few, so they are remembered. Bounded,
 * because the strings come from clients.
 */
const MEMO_LIMIT = 4096;

/**
 * Longest EDTF string accepted. The longest real one (a set of a dozen days) is under 100; the
 * parser's work grows with the length, and an 80 KB set stalled a write for seconds.
 */
export const MAX_EDTF_LENGTH = 100;

/** What to write instead, in every refusal: a person fixes an EDTF string from examples. */
export const EDTF_EXAMPLES =
  'e.g. 2024-04-09 (a day), 2024-04 (a month), 2024 (a year), 2023-21 (spring 2023), 2023-33 (Q3 2023), ' +
  '2021/2022 (an interval), 2024-04-09/.. (open end), ../2024-04-12 (on or before), [2020,2022] (one of), ' +
  '2024? (uncertain), 2024~ (approximate)';
const memo = new Map<string, DerivedOccurrence | InvalidEdtfError>();

export function deriveOccurrence(input: string): DerivedOccurrence {
  if (typeof input === 'string' && input.length > MAX_EDTF_LENGTH) {
    throw new InvalidEdtfError(
      `${input.slice(0, 24)}…`,
      `is longer than ${MAX_EDTF_LENGTH} characters (${input.length}); ${EDTF_EXAMPLES}`,
    );
  }
  let outcome = memo.get(input);
  if (outcome === undefined) {
    try {
      outcome = Object.freeze(derive(input));
    } catch (error) {
      if (!(error instanceof InvalidEdtfError)) throw error;
      outcome = error;
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(input, outcome);
  }
  if (outcome instanceof InvalidEdtfError) throw outcome;
  return outcome;
}

function derive(input: string): DerivedOccurrence {
  const parsed = parse(input);
  const earliest = bound(input, parsed.min);
  const latest = bound(input, parsed.max);
  if (earliest === null && latest === null) {
    throw new InvalidEdtfError(input, 'an interval needs at least one known end');
  }
  return { earliest, latest, precision: precisionOf(parsed, earliest, latest) };
}

/** The stored occurrence for a client's input. */
export function completeOccurrence(input: OccurrenceInput): Occurrence {
  return { ...input, ...deriveOccurrence(input.edtf) };
}

/** The client-facing part of a stored occurrence (what JSON patches are applied to). */
export function occurrenceInput(occurred: Occurrence): OccurrenceInput {
  return occurred.asStated === undefined
    ? { edtf: occurred.edtf }
    : { edtf: occurred.edtf, asStated: occurred.asStated };
}

function parse(input: string): ParsedEdtf {
  if (typeof input !== 'string' || input.trim() !== input || input === '') {
    throw new InvalidEdtfError(
      String(input),
      `expected a non-empty EDTF string without spaces; ${EDTF_EXAMPLES}`,
    );
  }
  let parsed: ParsedEdtf;
  try {
    parsed = edtf(input);
  } catch (error) {
    throw new InvalidEdtfError(input, `${readable(error)}; ${EDTF_EXAMPLES}`);
  }
  // The package reads some strings as something else: digits as a millisecond timestamp
  // (99999 -> 1970-01-01), a day the month lacks as the next day (2023-02-29 -> 2023-03-01).
  // What it read must be what was written.
  if (withoutTimes(parsed.edtf) !== withoutTimes(input)) {
    throw new InvalidEdtfError(
      input,
      `is not a date the calendar has (it would be read as ${parsed.edtf}); ${EDTF_EXAMPLES}`,
    );
  }
  return parsed;
}

/** The parser's complaint in words: "Syntax error at line 1 col 7:" says nothing to a person. */
function readable(error: unknown): string {
  const firstLine = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const column = /Syntax error at line \d+ col (\d+)/.exec(firstLine);
  if (column) return `is not EDTF: unexpected character at position ${column[1]}`;
  if (firstLine === 'Invalid time value') return 'is not a date the service can read';
  return firstLine;
}

/** Times are normalised by the package (10:00Z -> 10:00:00.000Z); only the dates are compared. */
function withoutTimes(text: string): string {
  return text.replace(/T[0-9:.]+(Z|[+-][0-9]{2}(:?[0-9]{2})?)?/g, '');
}

/** Open (`..`) and unknown (empty) ends come back as ±Infinity or null: both mean "no bound". */
function bound(input: string, ms: number | null): IsoDay | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  if (ms < MIN_MS || ms > MAX_MS) throw new InvalidEdtfError(input, 'outside years 0000-9999');
  return new Date(ms).toISOString().slice(0, 10);
}

function precisionOf(
  parsed: ParsedEdtf,
  earliest: IsoDay | null,
  latest: IsoDay | null,
): Precision {
  switch (parsed.type) {
    case 'Interval':
      return 'interval';
    case 'Set':
    case 'List':
      return 'set';
    case 'Season':
      return seasonPrecision(parsed.values?.[1] ?? 21);
    default:
      return spanPrecision(earliest as IsoDay, latest as IsoDay);
  }
}

function seasonPrecision(division: number): Precision {
  if (division >= 33 && division <= 36) return 'quarter';
  if (division >= 37 && division <= 39) return 'quadrimester';
  if (division >= 40) return 'semester';
  return 'season';
}

/** Classify by the span itself, so `2023-XX` is a year and `202X` a decade, as they mean. */
function spanPrecision(earliest: IsoDay, latest: IsoDay): Precision {
  if (earliest === latest) return 'day';
  const [fromYear, fromMonth, fromDay] = earliest.split('-').map(Number);
  const [toYear, toMonth] = latest.split('-').map(Number);
  const endsAMonth = lastDayOfMonth(toYear, toMonth) === latest;
  if (fromDay !== 1 || !endsAMonth) return 'interval';
  if (fromYear === toYear && fromMonth === toMonth) return 'month';
  if (fromMonth !== 1 || toMonth !== 12) return 'interval';
  const years = toYear - fromYear + 1;
  if (years === 1) return 'year';
  if (years === 10 && fromYear % 10 === 0) return 'decade';
  if (years === 100 && fromYear % 100 === 0) return 'century';
  return 'interval';
}

function lastDayOfMonth(year: number, month: number): IsoDay {
  const day = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leapAdjusted = month === 2 && !isLeap(year) ? 28 : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(leapAdjusted).padStart(2, '0')}`;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
