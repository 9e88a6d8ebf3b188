import { START, type Position, type ReadPosition } from '@kurrent/kurrentdb-client';

/** Global positions are KurrentDB commit positions (unsigned 64-bit), carried as bigint. */

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

/** A read starting at `position` itself (0 = the start of the log). */
export function readPositionAt(position: bigint): ReadPosition {
  return position === 0n ? START : { commit: position, prepare: position };
}

export function commitPositionOf(position: Position | undefined, what: string): bigint {
  if (position === undefined) {
    throw new Error(
      `${what} has no log position: the server is older than EventStoreDB 23.10 (unsupported)`,
    );
  }
  return position.commit;
}
