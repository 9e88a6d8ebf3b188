import { ApiError, type FieldProblem } from '../http/error-catalogue';

/**
 * Parsing of query-string values shared by the read endpoints. Each parser names the parameter
 * in its error, so a bad value is a 400 the client can act on, never a 500.
 */
export type RawQuery = Readonly<Record<string, string | string[] | undefined>>;

/** All values of a parameter (repeated parameters and comma lists alike), trimmed, no blanks. */
export function list(query: RawQuery, name: string, splitCommas: boolean): string[] {
  const raw = query[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values
    .flatMap((v) => (splitCommas ? v.split(',') : [v]))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * One list per occurrence of the parameter, each split at commas: `a=x,y&a=z` → [[x, y], [z]].
 * Filters read a comma list as "any of these" and repeated parameters as "each of these".
 */
export function groups(query: RawQuery, name: string): string[][] {
  const raw = query[name];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values
    .map((v) =>
      v
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .filter((group) => group.length > 0);
}

export function single(query: RawQuery, name: string): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) throw ApiError.invalidQuery(name, 'may be given only once');
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

export function bool(query: RawQuery, name: string, fallback: boolean): boolean {
  const value = single(query, name);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw ApiError.invalidQuery(name, `must be true or false, not "${value}"`);
}

export function integer(
  query: RawQuery,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = single(query, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw ApiError.invalidQuery(name, `must be an integer between ${min} and ${max}`);
  }
  return Number(value);
}

export function position(query: RawQuery, name: string): bigint | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,20}$/.test(value) || BigInt(value) > 9223372036854775806n) {
    throw ApiError.invalidQuery(name, 'must be a non-negative decimal position');
  }
  return BigInt(value);
}

const DAY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` bound as an inclusive day: the first day of the period
 * for `from`, the last day for `to`.
 */
export function dayBound(query: RawQuery, name: string, end: 'first' | 'last'): string | null {
  const value = single(query, name);
  if (value === undefined) return null;
  const m = DAY.exec(value);
  const year = m ? Number(m[1]) : NaN;
  const month = m?.[2] ? Number(m[2]) : undefined;
  const day = m?.[3] ? Number(m[3]) : undefined;
  const daysIn = (mo: number) => new Date(Date.UTC(year, mo, 0)).getUTCDate();
  if (
    !m ||
    (month !== undefined && (month < 1 || month > 12)) ||
    (day !== undefined && (day < 1 || day > daysIn(month!)))
  ) {
    throw ApiError.invalidQuery(name, `must be a date YYYY, YYYY-MM or YYYY-MM-DD, not "${value}"`);
  }
  const mm = month ?? (end === 'first' ? 1 : 12);
  const dd = day ?? (end === 'first' ? 1 : daysIn(mm));
  return `${m[1]}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether every field of an RFC 3339 match names a real moment: Date.parse rolls 2024-02-30 over
 * to March 1 and T24:00 to the next day, which would answer a moment the client did not ask for.
 */
function isRealInstant(m: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetOk
  );
}

export type AsOf = { readonly position: bigint } | { readonly instant: string };

/** `position:<n>` or an RFC 3339 instant (normalised to UTC `toISOString()` form). */
export function asOf(query: RawQuery): AsOf | undefined {
  const value = single(query, 'asOf');
  if (value === undefined) return undefined;
  const pos = /^position:(\d{1,20})$/.exec(value);
  if (pos && BigInt(pos[1]) <= 9223372036854775806n) return { position: BigInt(pos[1]) };
  const ms = Date.parse(value);
  const m = RFC3339.exec(value);
  if (!m || !isRealInstant(m) || Number.isNaN(ms)) {
    throw ApiError.invalidQuery(
      'asOf',
      'must be an RFC 3339 instant (2024-04-12T00:00:00Z) or position:<n>',
    );
  }
  return { instant: new Date(ms).toISOString() };
}

/**
 * Runs every check and throws one 400 naming each bad parameter, as a body's validation names
 * each bad field; any other error is thrown as it is.
 */
export function reportEvery(checks: readonly (() => unknown)[]): void {
  const fields: FieldProblem[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'INVALID_QUERY_PARAMETER') throw error;
      for (const field of error.extras.fields ?? []) {
        const seen = fields.some((f) => f.field === field.field && f.message === field.message);
        if (!seen) fields.push(field);
      }
    }
  }
  if (fields.length === 0) return;
  throw new ApiError(
    'INVALID_QUERY_PARAMETER',
    fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    { fields },
  );
}
