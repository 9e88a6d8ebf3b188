import type { ExpectedVersion } from './event-store.port';
import { ApiError } from '../http/error-catalogue';

/** The stream was not at the expected version; nothing was written. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    /** Current version of the stream (0 when it does not exist). */
    readonly actual: number,
  ) {
    super(`stream ${stream}: expected version ${String(expected)}, actual ${actual}`);
  }
}

/** Bad input to the port (empty batch, bad stream name, non-JSON data, negative version). */
export class EventStoreValidationError extends Error {
  override readonly name = 'EventStoreValidationError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** An event id already stored somewhere other than where this append would put it. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly eventId: string,
    readonly existingStream: string,
    readonly existingVersion: number,
  ) {
    super(`event id ${eventId} is already stored as ${existingStream}@${existingVersion}`);
  }
}

/**
 * The storage under the store failed, not the request. `STORAGE_UNAVAILABLE` (503, Retry-After)
 * is a condition that passes (disk full, an I/O error, the file replaced or gone): retrying later
 * can succeed. `STORE_CORRUPT` (500) is damage that does not pass by itself: a malformed page or
 * a stored row that no longer decodes. An ApiError, so the one problem filter renders it as is;
 * never a client error, whatever the underlying exception looked like (a SyntaxError from a
 * corrupt row used to read as "The body is not valid JSON").
 */
export class StorageError extends ApiError {
  override readonly name = 'StorageError';
  constructor(
    code: 'STORAGE_UNAVAILABLE' | 'STORE_CORRUPT',
    detail: string,
    override readonly cause?: unknown,
    /** For a corrupt row: where it is. */
    readonly row?: CorruptRow,
  ) {
    super(
      code,
      detail,
      code === 'STORAGE_UNAVAILABLE' ? { headers: { 'Retry-After': String(RETRY_AFTER_S) } } : {},
    );
  }
}

const RETRY_AFTER_S = 5;

export interface CorruptRow {
  readonly position: bigint;
  readonly stream: string;
  readonly version: number;
  readonly eventId: string;
}

/** SQLite result codes (better-sqlite3's `code`) that mean the file is damaged. */
const CORRUPT = /^SQLITE_(CORRUPT|NOTADB)/;
/** ... and those that mean the storage cannot be used now but may be later. */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|BUSY|LOCKED|PROTOCOL)/;

/** The StorageError a SQLite failure stands for, or the error itself when it is not one. */
export function asStorageError(error: unknown, doing: string): unknown {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const message = (error as Error).message;
  if (CORRUPT.test(code))
    return new StorageError(
      'STORE_CORRUPT',
      `${doing}: the store file is damaged (${code}: ${message})`,
      error,
    );
  if (UNAVAILABLE.test(code))
    return new StorageError(
      'STORAGE_UNAVAILABLE',
      `${doing}: storage unavailable (${code}: ${message})`,
      error,
    );
  return error;
}
