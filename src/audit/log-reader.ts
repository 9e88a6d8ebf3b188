import type { EventStore, RecordedEvent } from '../event-store/event-store.port';

export interface LogRange {
  /** Inclusive lower bound on the global position (default: the start). */
  readonly fromPosition?: bigint;
  /** Inclusive upper bound on the global position (default: no bound). */
  readonly toPosition?: bigint;
  /** Events per readAll call; bounds memory, whatever the size of the log. */
  readonly pageSize?: number;
}

export const DEFAULT_PAGE_SIZE = 500;

/**
 * Pages of the global log in order, read lazily: the next page is fetched only when the consumer
 * asks for it, so a slow or vanished reader costs one page of memory and stops the reads
 * (a `return()` on the iterator ends the loop).
 */
export async function* readLogPages(
  store: EventStore,
  range: LogRange = {},
): AsyncGenerator<readonly RecordedEvent[]> {
  const limit = range.pageSize ?? DEFAULT_PAGE_SIZE;
  // The first page starts at fromPosition itself: positions may be byte offsets (KurrentDB),
  // where fromPosition - 1 is inside the previous event's record and cannot be read from.
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll(
      after === undefined ? { from: range.fromPosition ?? 0n, limit } : { after, limit },
    );
    const inRange =
      range.toPosition === undefined ? page : page.filter((e) => e.position <= range.toPosition!);
    if (inRange.length > 0) yield inRange;
    if (page.length < limit || inRange.length < page.length) return;
    after = page[page.length - 1].position;
  }
}

/** The same log, one event at a time. */
export async function* readLog(
  store: EventStore,
  range: LogRange = {},
): AsyncGenerator<RecordedEvent> {
  for await (const page of readLogPages(store, range)) yield* page;
}
