import { ErrorType, isCommandError } from '@kurrent/kurrentdb-client';
import { ConcurrencyError, EventStoreValidationError } from '../event-store.errors';
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

/** gRPC status INVALID_ARGUMENT. */
const GRPC_INVALID_ARGUMENT = 3;

/**
 * KurrentDB's InvalidArgument ("Trying to read from an invalid position", a position that is not
 * a record's start). The pinned client reports it as an UnknownError either way: from grpc-js
 * (subscriptions) with the gRPC code kept, from the native bridge (reads) with the code only in
 * the message. It is permanent: retrying the same position fails the same way.
 */
export function isInvalidArgument(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  if (error.type === ErrorType.INVALID_ARGUMENT) return true;
  if (error.type !== ErrorType.UNKNOWN) return false;
  const code = (error as { code?: unknown }).code;
  return code === GRPC_INVALID_ARGUMENT || /invalid[ _]argument/i.test(error.message);
}

/** The port's error for a read or subscription starting at a position that is not an event's. */
export function notAnEventPosition(field: string, error: unknown): EventStoreValidationError {
  const invalid = new EventStoreValidationError(
    field,
    "is not the position of an event in KurrentDB (positions are byte offsets: use an event's position, or 0)",
  );
  return Object.assign(invalid, { cause: error });
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
