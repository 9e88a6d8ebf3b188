import type { Projection, ProjectedRow, ProjectionEvent, RowChange } from './projection';

/**
 * Folds a batch of events into row changes. `lookup` gives a row's state before the batch;
 * later events in the same batch see the changes of earlier ones. An event at or before a row's
 * `lastPosition` has already been applied, so it yields no change (idempotence).
 */
export function reduceBatch<Row extends ProjectedRow>(
  projection: Projection<Row>,
  lookup: (key: string, event: ProjectionEvent) => Row | undefined,
  events: readonly ProjectionEvent[],
): BatchResult<Row> {
  const touched = new Map<string, Row>();
  const changes: RowChange<Row>[] = [];
  for (const event of events) {
    const key = projection.rowKey(event);
    if (key === null) continue;
    const previous = touched.has(key) ? touched.get(key) : lookup(key, event);
    if (previous && event.position <= previous.lastPosition) continue;
    let next: Row;
    try {
      next = projection.evolve(previous, event);
    } catch (error) {
      // Stop at the first event that cannot be folded: everything before it still counts.
      return { changes, failed: { event, error } };
    }
    touched.set(key, next);
    changes.push({ key, previous, next, position: event.position, recordedAt: event.recordedAt });
  }
  return { changes, failed: null };
}

export interface BatchResult<Row extends ProjectedRow> {
  /** Changes of the events before the failing one (all of them when nothing failed). */
  readonly changes: RowChange<Row>[];
  readonly failed: { readonly event: ProjectionEvent; readonly error: unknown } | null;
}

/** Folds events into an in-memory map of rows; the reference the SQL runner is tested against. */
export function foldAll<Row extends ProjectedRow>(
  projection: Projection<Row>,
  events: readonly ProjectionEvent[],
  rows: ReadonlyMap<string, Row> = new Map(),
): Map<string, Row> {
  const result = new Map(rows);
  const { changes, failed } = reduceBatch(projection, (key) => result.get(key), events);
  if (failed) throw failed.error;
  for (const change of changes) result.set(change.key, change.next);
  return result;
}
