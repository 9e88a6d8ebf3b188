import type { ExpectedVersion, RecordedEvent } from '../event-store.port';

/**
 * Recognises a retried append among the stream's most recent events. KurrentDB deduplicates a
 * retry itself only when it carries the original expected revision; we resolve `any` to the
 * current head (to chain hashes), so a retried `any` append would otherwise be written twice.
 * Checking the ids against the tail we read anyway closes that gap.
 */
export type RetryCheck =
  | { readonly kind: 'new' }
  | { readonly kind: 'original'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'id-elsewhere'; readonly id: string; readonly version: number };

/**
 * @param tail the stream's last events, any order
 * @param ids the ids of the append being attempted, in order
 */
export function checkRetry(
  tail: readonly RecordedEvent[],
  ids: readonly string[],
  expected: ExpectedVersion,
): RetryCheck {
  const byId = new Map(tail.map((event) => [event.id, event] as const));
  const firstFound = ids.find((id) => byId.has(id));
  if (firstFound === undefined) return { kind: 'new' };
  const first = byId.get(ids[0] ?? '');
  if (first !== undefined) {
    const sameRun = ids.map((id) => byId.get(id));
    const inPlace = sameRun.every((event, i) => event?.version === first.version + i);
    const expectedFirst = expected === 'any' ? first.version : expectedVersionOf(expected) + 1;
    if (inPlace && first.version === expectedFirst) {
      return { kind: 'original', events: sameRun as RecordedEvent[] };
    }
  }
  const clash = byId.get(firstFound) as RecordedEvent;
  return { kind: 'id-elsewhere', id: firstFound, version: clash.version };
}

/** Whether `stored` (read at the place an append expected to write) is that append, already done. */
export function isSameAppend(stored: readonly RecordedEvent[], ids: readonly string[]): boolean {
  return stored.length === ids.length && stored.every((event, i) => event.id === ids[i]);
}

function expectedVersionOf(expected: 'no-stream' | number): number {
  return expected === 'no-stream' ? 0 : expected;
}
