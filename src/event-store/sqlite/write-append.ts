import { ConcurrencyError, DuplicateEventIdError } from '../event-store.errors';
import type { AppendResult, ExpectedVersion, RecordedEvent } from '../event-store.port';
import { computeEventHash } from '../hash-chain';
import type { PreparedEvent } from '../append-validation';
import { decodeEventRow, type Statements } from './sqlite-schema';

/**
 * Writes one append inside the caller's open transaction (and savepoint). Throws a typed error
 * when the append must fail; the caller rolls back to the savepoint so nothing of it remains.
 */
export type AppendOutcome = { readonly result: AppendResult; readonly wrote: boolean };

/** Whether an event stored at `version` is where an append with `expected` would have put its first event. */
function isSamePlace(version: number, expected: ExpectedVersion): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return version === 1;
  return version === expected + 1;
}

function resultOf(events: readonly RecordedEvent[]): AppendResult {
  const last = events[events.length - 1];
  return {
    firstVersion: events[0].version,
    lastVersion: last.version,
    position: last.position,
    events,
  };
}

/**
 * A retry of an append that already succeeded: the first id sits in this stream where the
 * append would have put it, and the following ids follow it in order. Returns the stored
 * events, or null when the first id is new. Any other reuse of an id is an error.
 */
function findOriginal(
  statements: Statements,
  stream: string,
  events: readonly PreparedEvent[],
  expected: ExpectedVersion,
): RecordedEvent[] | null {
  const first = statements.whereIsId.get(events[0].id);
  if (first === undefined) {
    for (const event of events.slice(1)) {
      const found = statements.whereIsId.get(event.id);
      if (found) throw new DuplicateEventIdError(event.id, found.stream, Number(found.version));
    }
    return null;
  }
  const firstVersion = Number(first.version);
  const duplicate = new DuplicateEventIdError(events[0].id, first.stream, firstVersion);
  if (first.stream !== stream || !isSamePlace(firstVersion, expected)) throw duplicate;
  const stored = statements.readForwards
    .all(stream, firstVersion, events.length)
    .map((row) => decodeEventRow(row));
  const matches =
    stored.length === events.length && stored.every((event, i) => event.id === events[i].id);
  if (!matches) throw duplicate;
  return stored;
}

function expectationHolds(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  return (expected === 'no-stream' ? 0 : expected) === actual;
}

/**
 * Duck-typed rather than `instanceof Error`: better-sqlite3's SqliteError belongs to the realm
 * that first loaded the native addon, which under Jest's per-file contexts is not this one.
 */
function isEventIdConflict(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof message === 'string' &&
    message.includes('events.id')
  );
}

/**
 * The fast path checks only the stream head and lets the UNIQUE(id) index catch reused ids;
 * per-id lookups (to tell a retry from a reuse) run only when the version or an id conflicts.
 */
export function writeAppend(
  statements: Statements,
  stream: string,
  events: readonly PreparedEvent[],
  expected: ExpectedVersion,
  recordedAt: string,
): AppendOutcome {
  const head = statements.streamHead.get(stream);
  const actual = head ? Number(head.version) : 0;
  if (!expectationHolds(expected, actual)) {
    // Perhaps a retry of an append that succeeded before the stream moved on.
    const original = findOriginal(statements, stream, events, expected);
    if (original) return { result: resultOf(original), wrote: false };
    throw new ConcurrencyError(stream, expected, actual);
  }
  try {
    return {
      result: resultOf(insertEvents(statements, stream, events, head, recordedAt)),
      wrote: true,
    };
  } catch (error) {
    if (!isEventIdConflict(error)) throw error;
    // Undo this append's rows first, so the lookups below see only what was stored before.
    statements.rollbackToSavepoint.run();
    const original = findOriginal(statements, stream, events, expected);
    if (original) return { result: resultOf(original), wrote: false };
    throw error;
  }
}

function insertEvents(
  statements: Statements,
  stream: string,
  events: readonly PreparedEvent[],
  head: { readonly version: bigint; readonly hash: string } | undefined,
  recordedAt: string,
): RecordedEvent[] {
  const actual = head ? Number(head.version) : 0;
  let prevHash = head ? head.hash : null;
  return events.map((event, index): RecordedEvent => {
    const unhashed = {
      id: event.id,
      stream,
      version: actual + index + 1,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { recordedAt, ...event.metadata },
      prevHash,
    };
    const hash = computeEventHash(unhashed);
    const { lastInsertRowid } = statements.insert.run(
      stream,
      unhashed.version,
      event.id,
      event.type,
      event.schemaVersion,
      event.dataJson,
      JSON.stringify(unhashed.metadata),
      prevHash,
      hash,
    );
    prevHash = hash;
    return { ...unhashed, position: BigInt(lastInsertRowid), hash };
  });
}
