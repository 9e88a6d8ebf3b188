import { ErrorType, isCommandError } from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '../event-store.errors';
import type { ExpectedVersion } from '../event-store.port';
import { versionOfCurrentState } from './expected-state';

/** True for KurrentDB's "stream was not at the revision you expected" failure. */
export function isWrongExpectedVersion(error: unknown): boolean {
  return (
    error instanceof Error &&
    isCommandError(error) &&
    error.type === ErrorType.WRONG_EXPECTED_VERSION
  );
}

/** A stream that does not exist reads as empty in our port, not as an error. */
export function isStreamNotFound(error: unknown): boolean {
  return (
    error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND
  );
}

/**
 * Translates a KurrentDB client error into the port's typed errors. `expected` is what OUR caller
 * asked for (not the revision we resolved it to), so the error reads in the caller's terms.
 * Anything unrecognised is returned unchanged: it is an infrastructure failure, not a rule.
 */
export function mapKurrentError(
  error: unknown,
  stream: string,
  expected: ExpectedVersion,
): unknown {
  if (error instanceof Error && isCommandError(error)) {
    if (error.type === ErrorType.WRONG_EXPECTED_VERSION) {
      return new ConcurrencyError(stream, expected, versionOfCurrentState(error.actualState));
    }
    if (error.type === ErrorType.STREAM_DELETED || error.type === ErrorType.STREAM_TOMBSTONED) {
      return new Error(
        `stream ${stream} was deleted in KurrentDB outside Policy Timeline; it cannot be appended to`,
      );
    }
  }
  return error;
}
