import { START } from '@kurrent/kurrentdb-client';
import {
  commitPositionOf,
  readPositionAfter,
} from '../../../src/event-store/kurrentdb/position-codec';

describe('position codec', () => {
  it('starts reads at the start, or at the checkpoint record itself', () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(0n)).toBe(START);
    expect(readPositionAfter(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('names old servers that return events without a log position', () => {
    expect(commitPositionOf({ commit: 9n, prepare: 9n }, 'e')).toBe(9n);
    expect(() => commitPositionOf(undefined, 'event item-a@0')).toThrow(/23\.10/);
  });
});
