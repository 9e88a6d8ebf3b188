import {
  NO_STREAM,
  type AppendStreamState,
  type CurrentStreamState,
} from '@kurrent/kurrentdb-client';
import type { ExpectedVersion } from '../event-store.port';

/**
 * Our versions are 1-based (first event = 1, no stream = 0); KurrentDB revisions are 0-based
 * (first event = 0, no stream = NO_STREAM). Version n <-> revision n-1.
 */
export function versionToRevision(version: number): bigint {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new RangeError(`version must be a positive integer, got ${version}`);
  }
  return BigInt(version - 1);
}

export function revisionToVersion(revision: bigint): number {
  return Number(revision) + 1;
}

/** The stream state KurrentDB should check for a stream that we saw at `headVersion`. */
export function streamStateForHead(headVersion: number): AppendStreamState {
  return headVersion === 0 ? NO_STREAM : versionToRevision(headVersion);
}

/** KurrentDB's view of a stream's current state, as our version (0 = no stream). */
export function versionOfCurrentState(state: CurrentStreamState): number {
  // Deleted (-5) and tombstoned (-6) streams have no events a reader could see.
  if (state === NO_STREAM || state < 0n) return 0;
  return revisionToVersion(state);
}

/**
 * What an append should do, given the caller's expectation and the stream head we just read.
 * `any` is resolved against the head so the hash chain links to the event really before ours,
 * and the write still carries an exact revision: a racing writer then makes it fail (and retry)
 * instead of interleaving unchained events.
 */
export type AppendPlan =
  | { readonly kind: 'write'; readonly firstVersion: number; readonly state: AppendStreamState }
  | { readonly kind: 'maybe-duplicate'; readonly firstVersion: number }
  | { readonly kind: 'conflict'; readonly actual: number };

export function planAppend(
  expected: ExpectedVersion,
  headVersion: number,
  eventCount: number,
): AppendPlan {
  const write: AppendPlan = {
    kind: 'write',
    firstVersion: headVersion + 1,
    state: streamStateForHead(headVersion),
  };
  if (expected === 'any') return write;
  const expectedVersion = expected === 'no-stream' ? 0 : expected;
  if (expectedVersion === headVersion) return write;
  // A retry of an append that already succeeded finds its own events right after `expected`.
  if (headVersion >= expectedVersion + eventCount) {
    return { kind: 'maybe-duplicate', firstVersion: expectedVersion + 1 };
  }
  return { kind: 'conflict', actual: headVersion };
}
