import { NO_STREAM } from '@kurrent/kurrentdb-client';
import {
  planAppend,
  revisionToVersion,
  streamStateForHead,
  versionOfCurrentState,
  versionToRevision,
} from '../../../src/event-store/kurrentdb/expected-state';

describe('version <-> KurrentDB revision', () => {
  it('maps 1-based versions to 0-based revisions and back', () => {
    expect(versionToRevision(1)).toBe(0n);
    expect(versionToRevision(42)).toBe(41n);
    expect(revisionToVersion(0n)).toBe(1);
    expect(revisionToVersion(41n)).toBe(42);
  });

  it('refuses version 0 and non-integers as a revision (there is no event to point at)', () => {
    expect(() => versionToRevision(0)).toThrow(RangeError);
    expect(() => versionToRevision(1.5)).toThrow(RangeError);
  });

  it('expects NO_STREAM for an empty stream and the head revision otherwise', () => {
    expect(streamStateForHead(0)).toBe(NO_STREAM);
    expect(streamStateForHead(3)).toBe(2n);
  });

  it('reads the server-reported current state as our version', () => {
    expect(versionOfCurrentState(NO_STREAM)).toBe(0);
    expect(versionOfCurrentState(4n)).toBe(5);
    expect(versionOfCurrentState(-5n)).toBe(0); // deleted stream
  });
});

describe('planAppend', () => {
  it('resolves any against the head so the write still carries an exact revision', () => {
    expect(planAppend('any', 0, 2)).toEqual({ kind: 'write', firstVersion: 1, state: NO_STREAM });
    expect(planAppend('any', 7, 1)).toEqual({ kind: 'write', firstVersion: 8, state: 6n });
  });

  it('writes when no-stream or a version matches the head', () => {
    expect(planAppend('no-stream', 0, 1)).toEqual({
      kind: 'write',
      firstVersion: 1,
      state: NO_STREAM,
    });
    expect(planAppend(0, 0, 1)).toMatchObject({ kind: 'write', state: NO_STREAM });
    expect(planAppend(3, 3, 2)).toEqual({ kind: 'write', firstVersion: 4, state: 2n });
  });

  it('suspects a retry when the head is far enough ahead to hold the whole append', () => {
    expect(planAppend('no-stream', 2, 2)).toEqual({ kind: 'maybe-duplicate', firstVersion: 1 });
    expect(planAppend(1, 5, 3)).toEqual({ kind: 'maybe-duplicate', firstVersion: 2 });
  });

  it('reports a conflict with the actual version otherwise', () => {
    expect(planAppend('no-stream', 1, 2)).toEqual({ kind: 'conflict', actual: 1 });
    expect(planAppend(7, 3, 1)).toEqual({ kind: 'conflict', actual: 3 });
    expect(planAppend(2, 0, 1)).toEqual({ kind: 'conflict', actual: 0 });
  });
});
