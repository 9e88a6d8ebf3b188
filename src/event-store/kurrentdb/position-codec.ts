import { START, type Position, type ReadPosition } from '@kurrent/kurrentdb-client';

/**
 * Global positions are KurrentDB commit positions. They are unsigned 64-bit integers, so they
 * travel through our API as bigint and, over HTTP/JSON, as decimal strings (a JSON number would
 * lose precision above 2^53).
 */
const MAX_POSITION = 0xffff_ffff_ffff_ffffn;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export class InvalidPositionError extends Error {
  override readonly name = 'InvalidPositionError';
  constructor(readonly input: string) {
    super(`position ${JSON.stringify(input)} is not a decimal integer between 0 and 2^64-1`);
  }
}

export function encodePosition(position: bigint): string {
  if (position < 0n || position > MAX_POSITION) throw new InvalidPositionError(String(position));
  return position.toString(10);
}

/** Strict: no sign, no leading zeros, no exponent, no whitespace, so every position has one spelling. */
export function decodePosition(text: string): bigint {
  if (!DECIMAL.test(text)) throw new InvalidPositionError(text);
  const value = BigInt(text);
  if (value > MAX_POSITION) throw new InvalidPositionError(text);
  return value;
}

/**
 * Where a read of or subscription to $all must start to see everything strictly after `after`.
 * Reads start *at* the given position (inclusive) and subscriptions after it; callers drop
 * events at or before `after` themselves, so both are exact. Single-event records since
 * EventStoreDB 20 have commit == prepare, so the pair is a real record boundary.
 */
export function readPositionAfter(after: bigint | undefined): ReadPosition {
  if (after === undefined || after === 0n) return START;
  return { commit: after, prepare: after };
}

export function commitPositionOf(position: Position | undefined, what: string): bigint {
  if (position === undefined) {
    throw new Error(
      `${what} has no log position: the server is older than EventStoreDB 23.10 (unsupported)`,
    );
  }
  return position.commit;
}
