import { computeEventHash, verifyStreamChain } from '../../src/event-store/hash-chain';
import type { RecordedEvent } from '../../src/event-store/event-store.port';

function chain(n: number): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  let prevHash: string | null = null;
  for (let version = 1; version <= n; version++) {
    const base = {
      id: `00000000-0000-7000-8000-00000000000${version}`,
      stream: 'item-x',
      version,
      type: 'T',
      schemaVersion: 1,
      data: { n: version, nested: { b: 1, a: [1, 'z'] } },
      metadata: {
        recordedAt: '2026-01-01T00:00:00.000Z',
        recordedBy: 'test',
        correlationId: null,
        causationId: null,
      },
      prevHash,
    };
    const hash = computeEventHash(base);
    out.push({ ...base, position: BigInt(version), hash });
    prevHash = hash;
  }
  return out;
}

describe('hash chain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyStreamChain(chain(3))).toBeNull();
  });

  it('is independent of key order (canonical JSON)', () => {
    const [e] = chain(1);
    const reordered = { ...e, data: { nested: { a: [1, 'z'], b: 1 }, n: 1 } };
    expect(computeEventHash(reordered)).toBe(e.hash);
  });

  it('names the event whose data was altered', () => {
    const events = chain(3);
    events[1] = { ...events[1], data: { n: 99 } };
    expect(verifyStreamChain(events)).toMatchObject({ version: 2, problem: 'hash-mismatch' });
  });

  it('names the gap when an event is deleted', () => {
    const events = chain(3);
    events.splice(1, 1);
    expect(verifyStreamChain(events)).toMatchObject({
      version: 3,
      problem: 'version-gap',
      expected: '2',
    });
  });

  it('catches a rewritten hash through the next link', () => {
    const events = chain(3);
    const altered = { ...events[1], data: { n: 42 } };
    events[1] = { ...altered, hash: computeEventHash(altered) };
    expect(verifyStreamChain(events)).toMatchObject({ version: 3, problem: 'prev-hash-mismatch' });
  });
});
