import { CONFIDENCE_LEVELS } from '../../events/common';
import { isCountryCode, isJurisdiction, KEBAB_CASE_PATTERN } from '../../events/schemas/rules';
import { FACT_EVENT_TYPES } from '../../projections';
import { ApiError } from '../http/error-catalogue';
import * as p from './query-params';

/**
 * The timeline's query parameters, each read and checked on its own: what /timeline, an
 * entity's timeline, exports and the change feed accept, and the cursor they page with.
 */
/** Every parameter is checked before any is used, so one answer names each bad one. */
export function checkTimelineParameters(query: p.RawQuery): void {
  p.reportEvery([
    () => timelineOrder(query),
    () => factTypes(query),
    () => p.bool(query, 'includeSubsidiaries', false),
    () => countryGroups(query),
    () => jurisdictionGroups(query),
    () => topicGroups(query),
    () => dayRange(query),
    () => p.bool(query, 'within', false),
    () => confidences(query),
    () => ftsExpression(query),
    () => p.bool(query, 'includeRetracted', false),
    () => p.integer(query, 'limit', 50, 1, 500),
    () => {
      const order = p.single(query, 'order') ?? 'asc';
      // An invalid order is reported on its own; a cursor is checked against a valid one.
      if (order === 'asc' || order === 'desc') decodeCursor(p.single(query, 'cursor'), order);
    },
    () => p.position(query, 'minPosition'),
    () => p.asOf(query),
  ]);
}

export function timelineOrder(query: p.RawQuery): 'asc' | 'desc' {
  const order = p.single(query, 'order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw ApiError.invalidQuery('order', 'must be asc or desc');
  return order;
}

export function factTypes(query: p.RawQuery): string[] {
  const types = p.list(query, 'type', true);
  const unknown = types.filter((t) => !FACT_EVENT_TYPES.has(t));
  if (unknown.length > 0) {
    throw ApiError.invalidQuery(
      'type',
      `unknown fact type ${unknown.map((t) => `"${t}"`).join(', ')}`,
    );
  }
  return types;
}

/** Checked as facts are, so a value no fact can carry is a 400 rather than an empty answer. */
export function countryGroups(query: p.RawQuery): string[][] {
  return p.groups(query, 'country').map((group) => {
    const bad = group.find((c) => !isCountryCode(c.toUpperCase()));
    if (bad !== undefined)
      throw ApiError.invalidQuery('country', `"${bad}" is not an ISO 3166-1 alpha-2 code`);
    return [...new Set(group.map((c) => c.toUpperCase()))];
  });
}

/** As country; a fact's jurisdiction may also be EU or UN. */
export function jurisdictionGroups(query: p.RawQuery): string[][] {
  return p.groups(query, 'jurisdiction').map((group) => {
    const bad = group.find((j) => !isJurisdiction(j.toUpperCase()));
    if (bad !== undefined)
      throw ApiError.invalidQuery(
        'jurisdiction',
        `"${bad}" is not an ISO 3166-1 alpha-2 code, EU or UN`,
      );
    return [...new Set(group.map((j) => j.toUpperCase()))];
  });
}

export function topicGroups(query: p.RawQuery): string[][] {
  return p.groups(query, 'topic').map((group) => {
    const bad = group.find((t) => !KEBAB_CASE_PATTERN.test(t.toLowerCase()));
    if (bad !== undefined)
      throw ApiError.invalidQuery('topic', `"${bad}" is not a topic slug (kebab-case)`);
    return [...new Set(group.map((t) => t.toLowerCase()))];
  });
}

export function dayRange(query: p.RawQuery): { from: string | null; to: string | null } {
  const from = p.dayBound(query, 'from', 'first');
  const to = p.dayBound(query, 'to', 'last');
  if (from && to && from > to) throw ApiError.invalidQuery('to', 'must not be before from');
  return { from, to };
}

export function confidences(query: p.RawQuery): string[] {
  const levels: readonly string[] = CONFIDENCE_LEVELS;
  return p.list(query, 'confidence', true).flatMap((value) => {
    const atLeast = value.startsWith('>=');
    const level = atLeast ? value.slice(2) : value;
    const index = levels.indexOf(level);
    if (index < 0) {
      throw ApiError.invalidQuery(
        'confidence',
        `"${level}" is not one of ${levels.join(', ')} (prefix >= for "at least")`,
      );
    }
    return atLeast ? levels.slice(0, index + 1) : [level];
  });
}

/** Words of `q` as quoted FTS5 terms (all must match), so user text is never FTS syntax. */
export function ftsExpression(query: p.RawQuery): string | null {
  const q = p.single(query, 'q');
  if (q === undefined) return null;
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0)
    throw ApiError.invalidQuery('q', 'must contain at least one letter or digit');
  if (words.length > 32) throw ApiError.invalidQuery('q', 'may contain at most 32 words');
  return words.map((w) => `"${w}"`).join(' ');
}

/** YYYY-MM-DD naming a real day of years 0000-9999 (2023-02-29 is not one). */
function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(text);
}

interface Cursor {
  readonly sortKey: string;
  readonly itemId: string;
  readonly order: 'asc' | 'desc';
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.itemId, cursor.order])).toString(
    'base64url',
  );
}

export function decodeCursor(
  raw: string | undefined,
  order: 'asc' | 'desc',
): Omit<Cursor, 'order'> | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw ApiError.invalidQuery('cursor', 'is not a cursor this service issued');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every((v) => typeof v === 'string')
  ) {
    throw ApiError.invalidQuery('cursor', 'is not a cursor this service issued');
  }
  const [sortKey, itemId] = parsed as string[];
  // A cursor is data from the client: its sort key must be a day we could have issued (it feeds
  // the full-text rowid arithmetic) and its id an item id, or it is refused like any bad value.
  if (!(sortKey === '' || isCalendarDay(sortKey)) || itemId.length === 0 || itemId.length > 200) {
    throw ApiError.invalidQuery('cursor', 'is not a cursor this service issued');
  }
  if (parsed[2] !== order)
    throw ApiError.invalidQuery('cursor', `was issued for order=${String(parsed[2])}`);
  return { sortKey, itemId };
}
