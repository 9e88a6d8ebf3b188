/**
 * The event-store port. Every adapter (SQLite, KurrentDB) implements it and passes
 * the shared contract suite in test/event-store/event-store.contract.ts.
 *
 * Versions are 1-based: the first event of a stream has version 1, and a stream with no events
 * is at version 0 ("no-stream"). Global positions are bigint because KurrentDB commit positions
 * exceed 2^53; the HTTP layer carries them as decimal strings.
 */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `no-stream`: the stream must not exist; `any`: no check; n: the stream must be at version n. */
export type ExpectedVersion = 'no-stream' | 'any' | number;

/** Caller-supplied metadata; recordedAt, prevHash and hash are always assigned by the store. */
export interface AppendMetadata {
  readonly recordedBy?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** Free-form, JSON-serialisable extras (e.g. assertedRecordedAt for imported history). */
  readonly extra?: JsonObject;
}

export interface EventToAppend {
  /** UUID; generated (UUIDv7) when absent. Re-sending the same ids makes an append idempotent. */
  readonly id?: string;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: JsonObject;
  readonly metadata?: AppendMetadata;
}

export interface EventMetadata {
  readonly recordedAt: string;
  readonly recordedBy: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly extra?: JsonObject;
}

export interface RecordedEvent {
  readonly id: string;
  readonly stream: string;
  readonly version: number;
  readonly position: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
  /** Hash of the previous event of the same stream; null for version 1. */
  readonly prevHash: string | null;
  /** SHA-256 (hex) of the RFC 8785 canonical JSON of `hashedContent(event)`. */
  readonly hash: string;
}

export interface AppendResult {
  readonly firstVersion: number;
  readonly lastVersion: number;
  /** Global position of the last appended event. */
  readonly position: bigint;
  /** The events as stored (with ids, recordedAt, hashes). */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** Version to start at (inclusive). Default: 1 forwards, the last version backwards. */
  readonly from?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly limit?: number;
}

export interface ReadAllOptions {
  /** Return events with position strictly greater than this (a checkpoint). Default: from the start. */
  readonly after?: bigint;
  /**
   * Return events with position at or above this instead (not with `after`). Positions need not
   * be consecutive (KurrentDB's are byte offsets), so `from - 1` is not a usable `after`; where
   * positions are offsets, `from` must be an event's position or 0, else a validation error.
   */
  readonly from?: bigint;
  readonly limit?: number;
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Ends the iteration; pending `next()` calls resolve as done. */
  close(): Promise<void>;
}

export interface EventStore {
  append(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from `after`, then delivers new events as they are appended, in order, never skipping. */
  subscribe(options?: { readonly after?: bigint }): Subscription;
  /** Position of the last event in the store (0n when empty). */
  headPosition(): Promise<bigint>;
  /** Whether the store answers (for /health/ready). */
  ping(): Promise<void>;
  /**
   * The storage's own consistency check (SQLite: quick_check, or integrity_check when `full`):
   * the problems found, empty when sound. Absent where the server checks itself (KurrentDB).
   */
  checkStorage?(full: boolean): Promise<readonly string[]>;
  close(): Promise<void>;
}

/** Nest injection token for the configured EventStore. */
export const EVENT_STORE = Symbol('EVENT_STORE');
