/** Who is writing and why: becomes the metadata of every event a command appends. */
export interface WriteContext {
  /** Derived from the Idempotency-Key, when the request had one. */
  readonly eventId?: string;
  readonly recordedBy: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** For imported history: when the source says it was recorded (kept as an assertion only). */
  readonly assertedRecordedAt?: string;
  /**
   * Called when the command has been decided and checked and its events are handed to the store
   * (not metadata): an import starts its next independent record then, instead of after the
   * commit, so that records share durable commits.
   */
  readonly onAppending?: () => void;
}

/** What every write answers: enough to find, cache and read back exactly what was stored. */
export interface WriteResult {
  readonly stream: string;
  readonly version: number;
  readonly eventId: string;
  readonly position: bigint;
  readonly recordedAt: string;
  readonly hash: string;
}
