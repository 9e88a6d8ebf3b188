/** Who is writing and why: becomes the metadata of every event a command appends. */
export interface WriteContext {
  /** Derived from the Idempotency-Key, when the request had one. */
  readonly eventId?: string;
  readonly recordedBy: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /** For imported history: when the source says it was recorded (kept as an assertion only). */
  readonly assertedRecordedAt?: string;
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
