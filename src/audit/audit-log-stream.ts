import { Readable } from 'node:stream';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { toAuditRecord } from './audit-record';
import { readLogPages, type LogRange } from './log-reader';

export interface LogFilter extends LogRange {
  readonly types?: ReadonlySet<string>;
  readonly streams?: ReadonlySet<string>;
}

function matches(filter: LogFilter, event: RecordedEvent): boolean {
  return (
    (filter.types === undefined || filter.types.has(event.type)) &&
    (filter.streams === undefined || filter.streams.has(event.stream))
  );
}

/** One NDJSON chunk per page of the log, so a write costs one syscall per page, not per event. */
async function* ndjsonChunks(store: EventStore, filter: LogFilter): AsyncGenerator<string> {
  for await (const page of readLogPages(store, filter)) {
    const lines = page
      .filter((event) => matches(filter, event))
      .map((event) => `${JSON.stringify(toAuditRecord(event))}\n`);
    if (lines.length > 0) yield lines.join('');
  }
}

/**
 * The global log as an NDJSON byte stream. Readable.from pulls the next page only when the
 * socket has drained the previous ones (backpressure), and destroying the stream when the client
 * disconnects ends the generator, so memory stays at a page or two whatever the log's size.
 */
export function auditLogStream(store: EventStore, filter: LogFilter): Readable {
  return Readable.from(ndjsonChunks(store, filter), { objectMode: false, highWaterMark: 1 });
}
