import {
  NO_STREAM,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { ConcurrencyError } from '../../../src/event-store/event-store.errors';
import {
  isStreamNotFound,
  isWrongExpectedVersion,
  mapKurrentError,
} from '../../../src/event-store/kurrentdb/error-mapping';

const wrongVersion = (current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: 'item-a', expected: 1n, current });

describe('KurrentDB error mapping', () => {
  it('turns wrong-expected-version into our ConcurrencyError in the caller’s terms', () => {
    const mapped = mapKurrentError(wrongVersion(4n), 'item-a', 2);
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ stream: 'item-a', expected: 2, actual: 5 });
  });

  it('reports actual 0 when the server says the stream does not exist', () => {
    expect(mapKurrentError(wrongVersion(NO_STREAM), 'item-a', 'any')).toMatchObject({
      expected: 'any',
      actual: 0,
    });
  });

  it('passes infrastructure errors through unchanged', () => {
    const unavailable = new UnavailableError(undefined, 'connection refused');
    expect(mapKurrentError(unavailable, 'item-a', 1)).toBe(unavailable);
    const plain = new Error('boom');
    expect(mapKurrentError(plain, 'item-a', 1)).toBe(plain);
  });

  it('classifies errors for the retry and read paths', () => {
    expect(isWrongExpectedVersion(wrongVersion(0n))).toBe(true);
    expect(isWrongExpectedVersion(new Error('x'))).toBe(false);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'item-a'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError(undefined, 'down'))).toBe(false);
    expect(isStreamNotFound('not an error')).toBe(false);
  });
});
