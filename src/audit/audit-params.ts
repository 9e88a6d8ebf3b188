import { ApiError } from '../http/error-catalogue';
import {
  FLAG_SCHEMA,
  POSITION_SCHEMA,
  queryParameters,
  repeatableList,
} from '../http/known-query-parameters';
import { isLogDigest } from './log-digest';

const DECIMAL = /^(0|[1-9][0-9]{0,39})$/;

/** A global position from the query string: decimal digits only (positions may exceed 2^53). */
export function parsePosition(name: string, raw: unknown): bigint | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw ApiError.invalidQuery(name, 'must be given once');
  if (!DECIMAL.test(raw)) throw ApiError.invalidQuery(name, 'must be a decimal integer');
  return BigInt(raw);
}

/**
 * The position a digest or verification covers: the head when absent. A position beyond the head
 * is refused rather than silently treated as the head, because a digest quoted for a position
 * must stay true once events are appended up to it.
 */
export function upToPosition(
  name: string,
  raw: unknown,
  head: bigint,
  /** With a saved digest, a position beyond the head is a finding (truncated), not a mistake. */
  beyondHeadIsFinding = false,
): bigint {
  const position = parsePosition(name, raw);
  if (position === undefined) return head;
  if (position > head && !beyondHeadIsFinding) {
    throw ApiError.invalidQuery(name, `is beyond the head of the log (${head})`);
  }
  return position;
}

export function parseFlag(name: string, raw: unknown): boolean {
  if (raw === undefined) return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw ApiError.invalidQuery(name, 'must be true or false');
}

export function parseDigest(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw ApiError.invalidQuery(name, 'must be given once');
  if (!isLogDigest(raw)) throw ApiError.invalidQuery(name, 'must be 64 lowercase hex characters');
  return raw;
}

/**
 * An optional exact-match filter: repeated (`type=A&type=B`) or comma-separated values, any of
 * which matches. An empty value is refused because it would silently match nothing.
 */
export function parseFilter(name: string, raw: unknown): ReadonlySet<string> | undefined {
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  if (values.some((v) => v.trim() === '')) throw ApiError.invalidQuery(name, 'must not be empty');
  return new Set(values.map((v) => v.trim()));
}

const UP_TO = [
  'position',
  'cover the log up to this position (default: the head); beyond the head is refused',
  POSITION_SCHEMA,
] as const;
const ANY_TEXT = '[^,]+';

export const AUDIT_EVENTS_PARAMETERS = queryParameters([
  ['fromPosition', 'first global position to include', POSITION_SCHEMA],
  ['toPosition', 'last global position to include', POSITION_SCHEMA],
  ['type', 'event type(s), comma-separated or repeated: any of them', repeatableList(ANY_TEXT)],
  ['stream', 'stream name(s), comma-separated or repeated: any of them', repeatableList(ANY_TEXT)],
]);

export const AUDIT_DIGEST_PARAMETERS = queryParameters([UP_TO]);

export const AUDIT_VERIFY_PARAMETERS = queryParameters([
  UP_TO,
  [
    'full',
    'true: SQLite integrity_check instead of quick_check (slower; checks more)',
    FLAG_SCHEMA,
  ],
  [
    'digest',
    'a digest quoted earlier for the same position: verification also checks it',
    { type: 'string', pattern: '^[0-9a-f]{64}$' },
  ],
]);
