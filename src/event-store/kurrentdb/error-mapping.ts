import { ErrorType, isCommandError } from '@kurrent/kurrentdb-client';
import { ConcurrencyError, EventStoreValidationError, StorageError } from '../event-store.errors';
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

export function isStreamDeleted(error: unknown): boolean {
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return error.type === ErrorType.STREAM_DELETED || error.type === ErrorType.STREAM_TOMBSTONED;
}

/**
 * A stream deleted in KurrentDB by someone else: its events (and the hash chain over them) are
 * gone for readers, and a soft-deleted stream written again would carry on at revision N while
 * we chain from version 1. That is damage to the record, not a passing failure: STORE_CORRUPT,
 * naming the stream and how it was deleted, instead of an unmapped client error.
 */
export function deletedOutsideError(
  stream: string,
  how: 'tombstoned' | 'soft-deleted',
  cause?: unknown,
): StorageError {
  const consequence =
    how === 'tombstoned'
      ? 'its events are gone and it can never be written again'
      : 'its events are hidden and writing it again would break its hash chain';
  return new StorageError(
    'STORE_CORRUPT',
    `stream ${stream} was ${how} in KurrentDB outside Policy Timeline: ${consequence}`,
    cause,
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
    if (isStreamDeleted(error)) return deletedOutsideError(stream, 'tombstoned', error);
  }
  return error;
}
