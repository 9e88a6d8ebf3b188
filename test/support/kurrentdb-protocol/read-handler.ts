import type * as grpc from '@grpc/grpc-js';
import {
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { readEventMessage, streamIdentifier, streamNameOf } from './protocol-messages';
import { compileFilter, FlowControlledWriter } from './read-filters';
import { invalidPositionError, streamDeletedError } from './rpc-errors';
import { subscribeToAll } from './subscription';
import type { LogEvent, TransactionLog } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. Streams.Read: reads of one stream or of $all
 * in either direction, bounded by `count`, and subscriptions to $all
 * (src/KurrentDB.Core/Services/Transport/Grpc/Streams.Read.cs, Transport/Enumerators/*).
 */
const BACKWARDS = ReadReq.Options.ReadDirection.BACKWARDS;

/** What tests can observe of the reads a client made. */
export interface ReadObserver {
  /** Start position of every $all subscription, in the order they were made. */
  readonly subscriptionStarts: ReadReq.Options.AllOptions[];
  /** Start position of every $all read. */
  readonly readStarts: ReadReq.Options.AllOptions[];
  checkpointsSent: number;
}

export function readHandler(log: TransactionLog, observer: ReadObserver) {
  return (call: grpc.ServerWritableStream<ReadReq, ReadResp>): void => {
    const options = call.request.getOptions() as ReadReq.Options;
    const writer = new FlowControlledWriter(call);
    const run = options.hasSubscription()
      ? options.hasAll()
        ? subscribeToAll(log, options, writer, observer)
        : Promise.reject(new Error('this test server subscribes to $all only'))
      : options.hasStream()
        ? readStream(log, options, writer)
        : readAll(log, options, writer, observer);
    run.then(
      () => call.end(),
      // grpc-js turns an 'error' event into the call's status and trailers.
      (error: unknown) => call.emit('error', error),
    );
  };
}

async function send(writer: FlowControlledWriter, events: Iterable<LogEvent>): Promise<void> {
  for (const event of events) {
    if (!(await writer.write(readEventMessage(event)))) return;
  }
}

/** StreamNotFound is a message, not an error; a tombstoned stream is an error (StreamDeleted). */
async function readStream(
  log: TransactionLog,
  options: ReadReq.Options,
  writer: FlowControlledWriter,
) {
  const streamOptions = options.getStream() as ReadReq.Options.StreamOptions;
  const name = streamNameOf(streamOptions.getStreamIdentifier());
  const state = log.streams.get(name);
  if (state?.tombstoned) throw streamDeletedError(name);
  // IndexReader.cs: no stream, or $tb = DeletedStream (soft deleted) -> ReadStreamResult.NoStream.
  if (state === undefined || state.events.length === 0 || state.softDeleted) {
    const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name));
    await writer.write(new ReadResp().setStreamNotFound(notFound));
    return;
  }
  const visible = state.events.filter((event) => event.revision >= state.truncateBefore);
  const backwards = options.getReadDirection() === BACKWARDS;
  const from = streamOptions.hasRevision() ? BigInt(streamOptions.getRevision()) : null;
  const max = Number(BigInt.asUintN(53, BigInt(options.getCount() || 0)));
  const selected = backwards
    ? visible.filter((event) => from === null || event.revision <= from).reverse()
    : visible.filter((event) => from === null || event.revision >= from);
  await send(writer, selected.slice(0, max));
}

/** Where an $all read starts: start, end, or a position that must be a record's start. */
export function startPosition(log: TransactionLog, all: ReadReq.Options.AllOptions): bigint {
  if (all.hasStart()) return 0n;
  if (all.hasEnd()) return log.endPosition;
  const position = all.getPosition() as ReadReq.Options.Position;
  const prepare = BigInt(position.getPreparePosition());
  const commit = BigInt(position.getCommitPosition());
  // StorageReaderWorker.All.cs: a read at a position that is not a record (InvalidReadException)
  // answers ReadAllResult.InvalidPosition -> RpcExceptions.InvalidPositionException.
  if (commit < prepare || !log.isRecordBoundary(prepare)) throw invalidPositionError();
  return prepare;
}

async function readAll(
  log: TransactionLog,
  options: ReadReq.Options,
  writer: FlowControlledWriter,
  observer: ReadObserver,
) {
  observer.readStarts.push(options.getAll() as ReadReq.Options.AllOptions);
  const from = startPosition(log, options.getAll() as ReadReq.Options.AllOptions);
  const filter = compileFilter(options);
  let remaining = BigInt(options.getCount() || 0);
  const backwards = options.getReadDirection() === BACKWARDS;
  const first = log.indexAtOrAfter(from);
  const step = backwards ? -1 : 1;
  // Reads the log lazily, so a slow reader holds the read open instead of a copied array.
  for (
    let i = backwards ? first - 1 : first;
    i >= 0 && i < log.events.length && remaining > 0n;
    i += step
  ) {
    const event = log.events[i] as LogEvent;
    if (!filter.matches(event)) continue;
    remaining -= 1n;
    if (!(await writer.write(readEventMessage(event)))) return;
  }
}
