import type { RecordedEvent } from '../../../src/event-store/event-store.port';
import { checkRetry, isSameAppend } from '../../../src/event-store/kurrentdb/retried-append';

const stored = (version: number, id: string): RecordedEvent => ({
  id,
  stream: 'item-1',
  version,
  position: BigInt(version * 100),
  type: 'T',
  schemaVersion: 1,
  data: {},
  metadata: { recordedAt: 'x', recordedBy: null, correlationId: null, causationId: null },
  prevHash: null,
  hash: `h${version}`,
});
// The tail as the adapter reads it: newest first.
const tail = [stored(4, 'd'), stored(3, 'c'), stored(2, 'b'), stored(1, 'a')];

describe('checkRetry', () => {
  it('finds nothing for fresh ids', () => {
    expect(checkRetry(tail, ['x', 'y'], 'any')).toEqual({ kind: 'new' });
  });

  it('returns the original events for a retry at the same place', () => {
    const original = { kind: 'original', events: [tail[2], tail[1]] };
    expect(checkRetry(tail, ['b', 'c'], 1)).toEqual(original);
    expect(checkRetry(tail, ['b', 'c'], 'any')).toEqual(original);
    expect(checkRetry(tail, ['a'], 'no-stream')).toEqual({ kind: 'original', events: [tail[3]] });
  });

  it('reports an id stored at another place', () => {
    expect(checkRetry(tail, ['b'], 3)).toEqual({ kind: 'id-elsewhere', id: 'b', version: 2 });
    expect(checkRetry(tail, ['x', 'c'], 'any')).toEqual({
      kind: 'id-elsewhere',
      id: 'c',
      version: 3,
    });
    expect(checkRetry(tail, ['b', 'd'], 'any')).toMatchObject({ kind: 'id-elsewhere', id: 'b' });
  });
});

describe('isSameAppend', () => {
  it('compares ids in order and count', () => {
    expect(isSameAppend([tail[1], tail[0]], ['c', 'd'])).toBe(true);
    expect(isSameAppend([tail[0], tail[1]], ['c', 'd'])).toBe(false);
    expect(isSameAppend([tail[1]], ['c', 'd'])).toBe(false);
  });
});
