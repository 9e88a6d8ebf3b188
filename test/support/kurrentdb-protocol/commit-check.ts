import type { LogEvent, StreamState, TransactionLog } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. The decision an append gets, following
 * IndexWriter.CheckCommit (src/KurrentDB.Core/Services/Storage/ReaderIndex/IndexWriter.cs) and
 * how StorageWriterService.cs / RequestManagerBase.cs turn it into a result:
 * - exact revision or no-stream ("strong" idempotency): the ids are looked for at exactly the
 *   revisions the write names, at any age; all there = idempotent, only the first ones there =
 *   corrupted idempotency (reported as wrong expected version), none = wrong expected version;
 * - any / stream-exists ("weak" idempotency): the ids are looked up only in the recent committed
 *   events cache (a bounded cache, same stream only, empty after a restart);
 * - a tombstoned stream refuses every write (StreamDeleted); a soft-deleted one is recreated by
 *   any / no-stream / its exact last revision, its revisions carrying on.
 */
export type Expected = 'any' | 'no-stream' | 'stream-exists' | bigint;

export type CommitDecision =
  | { readonly kind: 'ok' }
  | { readonly kind: 'idempotent'; readonly events: readonly LogEvent[] }
  | { readonly kind: 'wrong-expected-version'; readonly current: bigint | 'no-stream' }
  | { readonly kind: 'stream-deleted' };

/** The committed-events cache: recent ids -> (stream, revision), oldest forgotten first. */
export class RecentEventIds {
  private readonly entries = new Map<string, LogEvent>();

  constructor(private readonly capacity: number) {}

  remember(event: LogEvent): void {
    this.entries.delete(event.id);
    this.entries.set(event.id, event);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  find(id: string, stream: string): LogEvent | undefined {
    const event = this.entries.get(id);
    return event?.stream === stream ? event : undefined;
  }

  /** A restart of the server: the cache lives in memory only. */
  forget(): void {
    this.entries.clear();
  }
}

/** The stream's last revision, or -1 when it has never had an event (ExpectedVersion.NoStream). */
function lastRevision(log: TransactionLog, state: StreamState): bigint {
  return log.nextRevision(state) - 1n;
}

export function checkCommit(
  log: TransactionLog,
  recent: RecentEventIds,
  stream: string,
  expected: Expected,
  ids: readonly string[],
): CommitDecision {
  const state = log.stream(stream);
  if (state.tombstoned) return { kind: 'stream-deleted' };
  const current = lastRevision(log, state);
  const visibleCurrent = current < 0n || state.softDeleted ? ('no-stream' as const) : current;
  const wrong = { kind: 'wrong-expected-version', current: visibleCurrent } as const;

  if (expected === 'any' || expected === 'stream-exists') {
    if (expected === 'stream-exists' && visibleCurrent === 'no-stream') return wrong;
    const found = ids.map((id) => recent.find(id, stream));
    if (found[0] === undefined) return { kind: 'ok' };
    // Every id must be there; a write whose first ids landed but not its last is corrupted.
    if (found.some((event) => event === undefined)) return wrong;
    return { kind: 'idempotent', events: found as LogEvent[] };
  }

  const expectedRevision = expected === 'no-stream' ? -1n : expected;
  if (expectedRevision === current) return { kind: 'ok' };
  if (expectedRevision > current) return wrong;
  // Writing earlier than the end: a retry only if every id sits exactly where it would have.
  const placed = ids.map((id, i) => eventAt(state, expectedRevision + 1n + BigInt(i), id));
  if (placed[0] === undefined) {
    if (expected === 'no-stream' && state.softDeleted) return { kind: 'ok' };
    return wrong;
  }
  if (placed.some((event) => event === undefined)) return wrong;
  return { kind: 'idempotent', events: placed as LogEvent[] };
}

function eventAt(state: StreamState, revision: bigint, id: string): LogEvent | undefined {
  const first = state.events[0];
  if (first === undefined) return undefined;
  const event = state.events[Number(revision - first.revision)];
  return event?.id === id ? event : undefined;
}
