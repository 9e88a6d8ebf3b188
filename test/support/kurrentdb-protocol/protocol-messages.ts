import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import {
  AllStreamPosition,
  Empty,
  StreamIdentifier,
  UUID,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb';
import type { LogEvent } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. Message building shared by its services, using
 * the generated classes the pinned client (@kurrent/kurrentdb-client 1.3.1) ships.
 */

/** .NET ticks (100 ns) since 0001-01-01 at the Unix epoch, as the server's "created" uses. */
const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;

export function uuidToString(uuid: UUID | undefined): string {
  if (uuid === undefined) throw new Error('a proposed message has no id');
  if (!uuid.hasStructured()) return uuid.getString();
  const structured = uuid.getStructured() as UUID.Structured;
  const hex = (bits: string) => BigInt.asUintN(64, BigInt(bits)).toString(16).padStart(16, '0');
  const most = hex(structured.getMostSignificantBits());
  const least = hex(structured.getLeastSignificantBits());
  return `${most.slice(0, 8)}-${most.slice(8, 12)}-${most.slice(12)}-${least.slice(0, 4)}-${least.slice(4)}`;
}

export function uuidOf(id: string): UUID {
  return new UUID().setString(id);
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(stream: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
}

export function allPosition(commit: bigint, prepare: bigint): AllStreamPosition {
  return new AllStreamPosition()
    .setCommitPosition(String(commit))
    .setPreparePosition(String(prepare));
}

export const empty = (): Empty => new Empty();
export const googleEmpty = (): GoogleEmpty => new GoogleEmpty();

export function timestampNow(): Timestamp {
  return Timestamp.fromDate(new Date());
}

/**
 * An event as Streams.Read sends it: type, content-type and created in the metadata map
 * (src/KurrentDB.Core/Services/Transport/Grpc/Streams.Read.cs, ConvertToReadEvent).
 */
export function readEventMessage(event: LogEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidOf(event.id))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(event.commit))
    .setPreparePosition(String(event.prepare))
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  const created = UNIX_EPOCH_TICKS + BigInt(event.created.getTime()) * 10_000n;
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', String(created));
  const readEvent = new ReadResp.ReadEvent()
    .setEvent(recorded)
    .setCommitPosition(String(event.commit));
  return new ReadResp().setEvent(readEvent);
}
