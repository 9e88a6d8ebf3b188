import { START } from '@kurrent/kurrentdb-client';
import {
  InvalidPositionError,
  commitPositionOf,
  decodePosition,
  encodePosition,
  readPositionAfter,
} from '../../../src/event-store/kurrentdb/position-codec';

describe('position codec', () => {
  it('round-trips positions beyond 2^53 exactly', () => {
    for (const position of [0n, 1n, 9007199254740993n, 0xffff_ffff_ffff_ffffn]) {
      expect(decodePosition(encodePosition(position))).toBe(position);
    }
    expect(encodePosition(9007199254740993n)).toBe('9007199254740993');
  });

  it.each(['', ' 1', '-1', '+1', '01', '1e3', '1.0', '0x10', '18446744073709551616'])(
    'rejects %j',
    (text) => {
      expect(() => decodePosition(text)).toThrow(InvalidPositionError);
    },
  );

  it('refuses to encode a position outside the unsigned 64-bit range', () => {
    expect(() => encodePosition(-1n)).toThrow(InvalidPositionError);
    expect(() => encodePosition(1n << 64n)).toThrow(InvalidPositionError);
  });

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
