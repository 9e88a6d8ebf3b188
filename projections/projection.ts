/**
 * The shape every read-side projection shares. A projection is a pure reducer from one row's
 * current state and one event to the row's next state; the runner in src/read-model/ turns the
 * resulting row changes into SQL. Framework-free: no Nest, no I/O, no clock.
 */

/** What a projection sees of a stored event (already upcast to the latest schema). */
export interface ProjectionEvent {
  readonly position: bigint;
  readonly stream: string;
  /** 1-based version of the event within its stream. */
  readonly version: number;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO 8601 instant assigned by the store. */
  readonly recordedAt: string;
}

/** Every row remembers the last event folded into it, which is what makes folding idempotent. */
export interface ProjectedRow {
  readonly lastPosition: bigint;
}

export interface Projection<Row extends ProjectedRow> {
  /** Stable name used for checkpoints, tables and the admin API. */
  readonly name: string;
  /** Bump when the row shape or the folding rules change: the runner then rebuilds side by side. */
  readonly version: number;
  /** The key of the row an event affects, or null when this projection has no interest in it. */
  rowKey(event: ProjectionEvent): string | null;
  /**
   * True when no earlier event can have touched the event's row (the first event of the stream
   * the row is keyed by). The runner, which knows the event was never applied, then skips
   * looking the row up: most events of a rebuild open a row.
   */
  opensRow?(event: ProjectionEvent): boolean;
  /** The row after the event. Throws ProjectionError for events it cannot make sense of. */
  evolve(current: Row | undefined, event: ProjectionEvent): Row;
}

/** One row moving to a new state at a position; `previous` undefined means the row is new. */
export interface RowChange<Row extends ProjectedRow> {
  readonly key: string;
  readonly previous: Row | undefined;
  readonly next: Row;
  readonly position: bigint;
  readonly recordedAt: string;
}

/** An event the projection cannot fold; the runner stops before it and reports it. */
export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';
  constructor(
    readonly eventType: string,
    readonly position: bigint,
    message: string,
  ) {
    super(message);
  }
}
