import type {
  JSONEventData,
  RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventMetadata, JsonObject, RecordedEvent } from '../event-store.port';
import { revisionToVersion } from './expected-state';
import { commitPositionOf } from './position-codec';

/**
 * How one of our events is laid out in KurrentDB. The stream, type and id map one-to-one (the id
 * being the KurrentDB event id is what lets the server deduplicate a retried append); the version
 * is the revision + 1 and the position the commit position. Everything else that KurrentDB has
 * no field for travels in the event's JSON metadata.
 */
export interface StoredMetadata {
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly recordedBy: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly extra?: JsonObject;
  readonly prevHash: string | null;
  readonly hash: string;
  /** KurrentDB's own conventions, so its $by_correlation_id projection and UI understand us. */
  readonly $correlationId?: string;
  readonly $causationId?: string;
}

export class ForeignEventError extends Error {
  override readonly name = 'ForeignEventError';
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    reason: string,
  ) {
    super(
      `event ${stream}@${revision} in KurrentDB was not written by Policy Timeline (${reason}); ` +
        'refusing to skip it silently',
    );
  }
}

export function toEventData(event: Omit<RecordedEvent, 'position'>): JSONEventData {
  const { metadata } = event;
  const stored: StoredMetadata = {
    schemaVersion: event.schemaVersion,
    recordedAt: metadata.recordedAt,
    recordedBy: metadata.recordedBy,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    ...(metadata.extra === undefined ? {} : { extra: metadata.extra }),
    prevHash: event.prevHash,
    hash: event.hash,
    ...(metadata.correlationId === null ? {} : { $correlationId: metadata.correlationId }),
    ...(metadata.causationId === null ? {} : { $causationId: metadata.causationId }),
  };
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: stored as unknown as JsonObject,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNullableString = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';

function readStoredMetadata(raw: unknown): StoredMetadata | string {
  if (!isObject(raw)) return 'metadata is not a JSON object';
  const { schemaVersion, recordedAt, recordedBy, correlationId, causationId, prevHash, hash } = raw;
  if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion)) {
    return 'metadata.schemaVersion is missing';
  }
  if (typeof recordedAt !== 'string') return 'metadata.recordedAt is missing';
  if (typeof hash !== 'string') return 'metadata.hash is missing';
  if (![recordedBy, correlationId, causationId, prevHash].every(isNullableString)) {
    return 'metadata has a non-string principal, correlation, causation or prevHash';
  }
  if (raw.extra !== undefined && !isObject(raw.extra)) return 'metadata.extra is not an object';
  return raw as unknown as StoredMetadata;
}

export function fromKurrentEvent(event: KurrentRecordedEvent): RecordedEvent {
  const fail = (reason: string): never => {
    throw new ForeignEventError(event.streamId, event.revision, reason);
  };
  if (!event.isJson || !isObject(event.data)) fail('data is not a JSON object');
  const stored = readStoredMetadata(event.metadata);
  if (typeof stored === 'string') return fail(stored);
  const metadata: EventMetadata = {
    recordedAt: stored.recordedAt,
    recordedBy: stored.recordedBy,
    correlationId: stored.correlationId,
    causationId: stored.causationId,
    ...(stored.extra === undefined ? {} : { extra: stored.extra }),
  };
  return {
    id: event.id,
    stream: event.streamId,
    version: revisionToVersion(event.revision),
    position: commitPositionOf(event.position, `event ${event.streamId}@${event.revision}`),
    type: event.type,
    schemaVersion: stored.schemaVersion,
    data: event.data as JsonObject,
    metadata,
    prevHash: stored.prevHash,
    hash: stored.hash,
  };
}
