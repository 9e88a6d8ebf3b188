import type { ExpectedVersion } from './event-store.port';

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
