import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type KurrentDBClient,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import { EventStoreValidationError } from '../event-store.errors';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { assertName, assertPosition, assertPositiveInteger } from '../append-validation';
import {
  deletedOutsideError,
  isInvalidArgument,
  isStreamDeleted,
  isStreamNotFound,
  notAnEventPosition,
} from './error-mapping';
import { fromKurrentEvent } from './event-mapping';
import { versionToRevision } from './expected-state';
import { readPositionAfter, readPositionAt } from './position-codec';
import { retryingRead } from './read-retry';
import {
  isOwnEvent,
  isSystemStreamName,
  userEventsFilter,
  userStreamsFilter,
} from './system-events';

/** The read side of the KurrentDB adapter: plain functions over a client, no state. */

/** Each read is tried again if the connection drops under it (see read-retry.ts). */
export const readStreamEvents = (
  client: KurrentDBClient,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> => retryingRead(() => readStreamEventsOnce(client, stream, options));
export const readAllEvents = (
  client: KurrentDBClient,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> => retryingRead(() => readAllEventsOnce(client, options));
export const readHeadPosition = (client: KurrentDBClient): Promise<bigint> =>
  retryingRead(() => readHeadPositionOnce(client));

const READ_ALL_PAGE = 512;

async function readStreamEventsOnce(
  client: KurrentDBClient,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  assertName(stream, 'stream');
  const backwards = options.direction === 'backwards';
  if (options.direction !== undefined && !backwards && options.direction !== 'forwards') {
    throw new EventStoreValidationError('direction', "must be 'forwards' or 'backwards'");
  }
  if (options.from !== undefined) assertPositiveInteger(options.from, 'from');
  if (options.limit !== undefined) assertPositiveInteger(options.limit, 'limit');
  // `$` streams are KurrentDB's own; none of them holds our events.
  if (isSystemStreamName(stream)) return [];
  const events: RecordedEvent[] = [];
  try {
    const read = client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision:
        options.from !== undefined ? versionToRevision(options.from) : backwards ? END : START,
      ...(options.limit !== undefined ? { maxCount: options.limit } : {}),
    });
    for await (const { event } of read) {
      if (event !== undefined) events.push(fromKurrentEvent(event));
    }
  } catch (error) {
    if (isStreamDeleted(error)) throw deletedOutsideError(stream, 'tombstoned', error);
    if (!isStreamNotFound(error)) throw error;
    // Not found is also how KurrentDB reads a soft-deleted stream ($tb in its metadata).
    const { metadata } = await client.getStreamMetadata(stream);
    if (metadata?.truncateBefore !== undefined) throw deletedOutsideError(stream, 'soft-deleted');
    return [];
  }
  return events;
}

/**
 * Our events strictly after `after` (or at and after `from`), in global order, paging through
 * $all with the server filter. A start that is not an event's position is a validation error.
 */
async function readAllEventsOnce(
  client: KurrentDBClient,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  if (options.after !== undefined) assertPosition(options.after, 'after');
  if (options.from !== undefined) assertPosition(options.from, 'from');
  if (options.from !== undefined && options.after !== undefined) {
    throw new EventStoreValidationError('from', 'cannot be combined with after');
  }
  if (options.limit !== undefined) assertPositiveInteger(options.limit, 'limit');
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const events: RecordedEvent[] = [];
  // `from` F reads at F and keeps F itself: the same as "after F - 1" in a log whose positions
  // are consecutive, but F - 1 here is inside the previous record, which KurrentDB refuses.
  let after =
    options.from !== undefined && options.from > 0n ? options.from - 1n : (options.after ?? 0n);
  let start = options.from !== undefined ? readPositionAt(options.from) : readPositionAfter(after);
  const field = options.from !== undefined ? 'from' : 'after';
  while (events.length < limit) {
    // +1: a read starts AT its position, and the event there may have been delivered already.
    const pageSize = Math.min(limit - events.length, READ_ALL_PAGE) + 1;
    const page = await readAllPage(client, start, after, pageSize).catch((error: unknown) => {
      throw isInvalidArgument(error) ? notAnEventPosition(field, error) : error;
    });
    events.push(...page.events.slice(0, limit - events.length));
    if (page.scanned < pageSize || page.lastPosition <= after) break;
    after = page.lastPosition;
    start = readPositionAfter(after);
  }
  return events;
}

async function readAllPage(
  client: KurrentDBClient,
  start: ReadPosition,
  after: bigint,
  maxCount: number,
) {
  const events: RecordedEvent[] = [];
  let scanned = 0;
  let lastPosition = after;
  const read = client.readAll({ fromPosition: start, maxCount, filter: userEventsFilter() });
  for await (const { event } of read as AsyncIterable<AllStreamResolvedEvent>) {
    scanned += 1;
    if (event === undefined || event.position.commit <= after) continue;
    lastPosition = event.position.commit;
    if (isOwnEvent(event.streamId, event.type)) events.push(fromKurrentEvent(event));
  }
  return { events, scanned, lastPosition };
}

const HEAD_PAGE = 32;

/**
 * Commit position of our newest event; 0n when the store holds none of ours. Every read is bounded
 * by `maxCount`: an unbounded backwards $all read abandoned after its first event is left open on
 * the server and fills the connection's HTTP/2 flow-control window, so later calls (health checks
 * every 10 s) hang. The server filters out `$` streams; `$`-typed events in our streams (a
 * tombstone) are skipped here, and a page holding only those moves the cursor back.
 */
async function readHeadPositionOnce(client: KurrentDBClient): Promise<bigint> {
  let cursor: typeof END | { commit: bigint; prepare: bigint } = END;
  for (;;) {
    let scanned = 0;
    let oldest: { commit: bigint; prepare: bigint } | undefined;
    const read = client.readAll({
      direction: BACKWARDS,
      fromPosition: cursor,
      maxCount: HEAD_PAGE,
      filter: userStreamsFilter(),
    });
    for await (const { event } of read as AsyncIterable<AllStreamResolvedEvent>) {
      scanned += 1;
      if (event === undefined) continue;
      if (cursor !== END && event.position.commit >= cursor.commit) continue;
      if (isOwnEvent(event.streamId, event.type)) return event.position.commit;
      oldest = event.position;
    }
    if (scanned < HEAD_PAGE || oldest === undefined) return 0n;
    cursor = oldest;
  }
}

/** Rejects when KurrentDB does not answer a one-event read of $all within `timeoutMs`. */
export async function pingKurrent(client: KurrentDBClient, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`KurrentDB did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const probe = (async () => {
    try {
      const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      for await (const _ of read) break;
    } catch (error) {
      const reason = error instanceof Error ? error.message || error.name : String(error);
      throw new Error(`KurrentDB is unreachable: ${reason}`, { cause: error });
    }
  })();
  try {
    await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
    probe.catch(() => undefined);
  }
}
