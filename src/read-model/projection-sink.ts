import type { ProjectedRow, RowChange } from '../../projections';

/** Where a runner writes one projection generation's rows; called inside the runner's transaction. */
export interface ProjectionSink<Row extends ProjectedRow> {
  /** The row's current state, or undefined when it does not exist yet. */
  lookup(key: string): Row | undefined;
  apply(changes: readonly RowChange<Row>[]): void;
}
