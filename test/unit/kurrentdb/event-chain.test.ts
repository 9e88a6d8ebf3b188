import { verifyStreamChain } from '../../../src/event-store/hash-chain';
import { chainEvents } from '../../../src/event-store/kurrentdb/event-chain';
import { prepareAppend } from '../../../src/event-store/append-validation';

const prepared = prepareAppend(
  'item-1',
  [1, 2, 3].map((n) => ({ type: 'T', data: { n }, metadata: { recordedBy: 'me' } })),
  'any',
);

describe('chainEvents', () => {
  it('numbers events after the head and links each to its predecessor', () => {
    const first = chainEvents('item-1', prepared.slice(0, 1), { version: 0, hash: null }, 'T0');
    const rest = chainEvents('item-1', prepared.slice(1), first[0], 'T1');
    expect(rest.map((e) => e.version)).toEqual([2, 3]);
    expect(rest[0].prevHash).toBe(first[0].hash);
    const positioned = [...first, ...rest].map((e, i) => ({ ...e, position: BigInt(i + 1) }));
    expect(verifyStreamChain(positioned)).toBeNull();
    expect(rest[1].metadata).toEqual({
      recordedAt: 'T1',
      recordedBy: 'me',
      correlationId: null,
      causationId: null,
    });
  });
});
