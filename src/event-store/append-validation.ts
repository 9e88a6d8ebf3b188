import { validate as isUuid } from 'uuid';
import { EventStoreValidationError } from './event-store.errors';
import { newEventId } from './event-ids';
import type { EventMetadata, EventToAppend, ExpectedVersion, JsonObject } from './event-store.port';
import { textProblem } from '../../events/text-rules';

/**
 * Input checks for the event-store port. Everything is validated before an append is queued, so
 * bad input never reaches a transaction and never causes a partial write.
 */

/** Stream and type names: room for `entity-` plus the longest entity id (200) the record takes. */
const MAX_NAME_LENGTH = 256;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** An event ready to be written: id assigned, data snapshotted so later caller mutations cannot leak in. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly dataJson: string;
  readonly metadata: Omit<EventMetadata, 'recordedAt'>;
}

function fail(field: string, message: string): never {
  throw new EventStoreValidationError(field, message);
}

export function assertName(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) fail(field, 'must be a non-empty string');
  if (value.length > MAX_NAME_LENGTH) fail(field, `must be at most ${MAX_NAME_LENGTH} characters`);
  if (CONTROL_CHARACTERS.test(value)) fail(field, 'must not contain control characters');
}

export function assertExpectedVersion(value: unknown): asserts value is ExpectedVersion {
  if (value === 'no-stream' || value === 'any') return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail('expected', `must be 'no-stream', 'any' or a non-negative integer, got ${String(value)}`);
  }
}

export function assertPositiveInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    fail(field, `must be a positive integer, got ${String(value)}`);
  }
}

export function assertPosition(value: unknown, field: string): asserts value is bigint {
  if (typeof value !== 'bigint' || value < 0n) fail(field, 'must be a non-negative bigint');
}

/** Rejects anything JSON.stringify would drop, alter or choke on, naming the exact path. */
export function assertJsonValue(
  value: unknown,
  field: string,
  ancestors = new Set<object>(),
): void {
  if (typeof value === 'string') {
    // The same text rules as the HTTP edge, for what arrives another way (CLI imports).
    const problem = textProblem(value);
    if (problem) fail(field, problem);
    return;
  }
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(field, `must be a finite number, got ${String(value)}`);
    return;
  }
  if (typeof value !== 'object') fail(field, `is not JSON-serialisable (${typeof value})`);
  if (ancestors.has(value)) fail(field, 'contains a circular reference');
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertJsonValue(item, `${field}[${index}]`, ancestors));
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      fail(field, 'must be a plain object (no class instances, Dates, Maps...)');
    }
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) fail(`${field}.${key}`, `its name ${keyProblem}`);
      assertJsonValue(item, `${field}.${key}`, ancestors);
    }
  }
  ancestors.delete(value);
}

function assertJsonObject(value: unknown, field: string): asserts value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(field, 'must be a JSON object');
  }
  assertJsonValue(value, field);
}

function optionalText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  assertName(value, field);
  return value;
}

function prepareEvent(event: EventToAppend, field: string): PreparedEvent {
  if (typeof event !== 'object' || event === null) fail(field, 'must be an object');
  let id: string;
  if (event.id === undefined) id = newEventId();
  else if (typeof event.id === 'string' && isUuid(event.id)) id = event.id.toLowerCase();
  else fail(`${field}.id`, `must be a UUID, got ${String(event.id)}`);
  assertName(event.type, `${field}.type`);
  const schemaVersion = event.schemaVersion ?? 1;
  assertPositiveInteger(schemaVersion, `${field}.schemaVersion`);
  assertJsonObject(event.data, `${field}.data`);
  const given = event.metadata ?? {};
  if (typeof given !== 'object' || given === null) fail(`${field}.metadata`, 'must be an object');
  const metadata: Omit<EventMetadata, 'recordedAt'> = {
    recordedBy: optionalText(given.recordedBy, `${field}.metadata.recordedBy`),
    correlationId: optionalText(given.correlationId, `${field}.metadata.correlationId`),
    causationId: optionalText(given.causationId, `${field}.metadata.causationId`),
  };
  if (given.extra !== undefined) assertJsonObject(given.extra, `${field}.metadata.extra`);
  const dataJson = JSON.stringify(event.data);
  return {
    id,
    type: event.type,
    schemaVersion,
    data: JSON.parse(dataJson) as JsonObject,
    dataJson,
    // `extra` is omitted rather than set to undefined so the stored form hashes identically.
    metadata:
      given.extra === undefined
        ? metadata
        : { ...metadata, extra: JSON.parse(JSON.stringify(given.extra)) as JsonObject },
  };
}

/** Validates a whole append call and returns its events ready to write. Throws before any I/O. */
export function prepareAppend(
  stream: unknown,
  events: unknown,
  expected: unknown,
): readonly PreparedEvent[] {
  assertName(stream, 'stream');
  assertExpectedVersion(expected);
  if (!Array.isArray(events) || events.length === 0) {
    fail('events', 'must be a non-empty array');
  }
  const prepared = events.map((event: EventToAppend, index) =>
    prepareEvent(event, `events[${index}]`),
  );
  const seen = new Set<string>();
  prepared.forEach((event, index) => {
    if (seen.has(event.id)) fail(`events[${index}].id`, `repeats id ${event.id} within one append`);
    seen.add(event.id);
  });
  return prepared;
}
