import type * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  StreamDeleted,
  WrongExpectedVersion,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import { Status } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb';
import type { Expected } from './commit-check';
import {
  allPosition,
  empty,
  googleEmpty,
  streamIdentifier,
  streamNameOf,
  uuidToString,
} from './protocol-messages';
import { streamDeletedError } from './rpc-errors';
import type { AppendOutcome, ProposedEvent, StreamWriter } from './stream-writer';

/**
 * KurrentDB protocol test server — not KurrentDB. Streams.Append and Streams.BatchAppend, shaped
 * as src/KurrentDB.Core/Services/Transport/Grpc/Streams.Append.cs and Streams.BatchAppend.cs
 * answer them (BatchAppend errors as google.rpc.Status, Grpc/Status.cs).
 */
type Proposed = AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage;

function toProposed(message: Proposed): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidToString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function expectedOfAppend(options: AppendReq.Options): Expected {
  if (options.hasRevision()) return BigInt(options.getRevision());
  if (options.hasNoStream()) return 'no-stream';
  if (options.hasStreamExists()) return 'stream-exists';
  return 'any';
}

function expectedOfBatch(options: BatchAppendReq.Options): Expected {
  if (options.hasStreamPosition()) return BigInt(options.getStreamPosition());
  if (options.hasNoStream()) return 'no-stream';
  if (options.hasStreamExists()) return 'stream-exists';
  return 'any';
}

/** Streams.Append: one header message, then the events; one answer. */
export function appendHandler(writer: StreamWriter) {
  return (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) events.push(toProposed(request.getProposedMessage()!));
    });
    call.on('end', () => {
      if (options === undefined)
        return callback({ code: 3, details: 'Options were not provided.' });
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedOfAppend(options);
      const outcome = writer.append(stream, expected, events);
      if (outcome.kind === 'stream-deleted') return callback(streamDeletedError(stream));
      callback(null, appendResponse(outcome, expected));
    });
  };
}

function appendResponse(
  outcome: Exclude<AppendOutcome, { kind: 'stream-deleted' }>,
  expected: Expected,
): AppendResp {
  if (outcome.kind === 'wrong-expected-version') {
    // Both the current fields and their 20.6.0 twins, as the server fills them.
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no-stream') wrong.setCurrentNoStream(empty()).setNoStream2060(empty());
    else
      wrong
        .setCurrentRevision(String(outcome.current))
        .setCurrentRevision2060(Number(outcome.current));
    if (expected === 'any') wrong.setExpectedAny(empty()).setAny2060(empty());
    else if (expected === 'stream-exists')
      wrong.setExpectedStreamExists(empty()).setStreamExists2060(empty());
    else if (expected === 'no-stream') wrong.setExpectedNoStream(empty());
    else wrong.setExpectedRevision(String(expected)).setExpectedRevision2060(Number(expected));
    return new AppendResp().setWrongExpectedVersion(wrong);
  }
  const last = outcome.events[outcome.events.length - 1]!;
  const success = new AppendResp.Success()
    .setCurrentRevision(String(last.revision))
    .setPosition(
      new AppendResp.Position()
        .setCommitPosition(String(last.commit))
        .setPreparePosition(String(last.prepare)),
    );
  return new AppendResp().setSuccess(success);
}

/** Streams.BatchAppend: a long-lived duplex call; requests carry a correlation id and is_final. */
export function batchAppendHandler(writer: StreamWriter) {
  return (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<
      string,
      { options?: BatchAppendReq.Options; events: ProposedEvent[] }
    >();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = uuidToString(request.getCorrelationId());
      const entry = pending.get(correlation) ?? { events: [] };
      if (request.hasOptions()) entry.options = request.getOptions();
      entry.events.push(...request.getProposedMessagesList().map(toProposed));
      pending.set(correlation, entry);
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      const options = entry.options as BatchAppendReq.Options;
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedOfBatch(options);
      const outcome = writer.append(stream, expected, entry.events);
      const response = new BatchAppendResp()
        .setCorrelationId(request.getCorrelationId())
        .setStreamIdentifier(streamIdentifier(stream));
      call.write(batchResult(response, outcome, stream, expected));
    });
    call.on('end', () => call.end());
    call.on('error', () => undefined);
  };
}

function batchResult(
  response: BatchAppendResp,
  outcome: AppendOutcome,
  stream: string,
  expected: Expected,
): BatchAppendResp {
  if (outcome.kind === 'written' || outcome.kind === 'idempotent') {
    const last = outcome.events[outcome.events.length - 1]!;
    return response.setSuccess(
      new BatchAppendResp.Success()
        .setCurrentRevision(String(last.revision))
        .setPosition(allPosition(last.commit, last.prepare)),
    );
  }
  const status = new Status();
  const details = new Any();
  if (outcome.kind === 'wrong-expected-version') {
    // Status.WrongExpectedVersion: code AlreadyExists (6), details event_store.client.WrongExpectedVersion.
    const wrong = new WrongExpectedVersion();
    if (outcome.current === 'no-stream') wrong.setCurrentNoStream(googleEmpty());
    else wrong.setCurrentStreamRevision(String(outcome.current));
    if (expected === 'any') wrong.setExpectedAny(googleEmpty());
    else if (expected === 'stream-exists') wrong.setExpectedStreamExists(googleEmpty());
    else if (expected === 'no-stream') wrong.setExpectedNoStream(googleEmpty());
    else wrong.setExpectedStreamPosition(String(expected));
    details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
    status.setCode(6).setMessage('WrongExpectedVersion');
  } else {
    // Status.StreamDeleted: code NotFound (5), details event_store.client.StreamDeleted.
    details.pack(
      new StreamDeleted().setStreamIdentifier(streamIdentifier(stream)).serializeBinary(),
      'event_store.client.StreamDeleted',
    );
    status.setCode(5).setMessage('StreamDeleted');
  }
  return response.setError(status.setDetails(details));
}
