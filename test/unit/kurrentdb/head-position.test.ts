import { type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { readHeadPosition } from '../../../src/event-store/kurrentdb/kurrentdb-reads';

/** In-memory fake of the one client call readHeadPosition makes (pure unit test of its paging). */
function fakeClient(events: { streamId: string; type: string; commit: bigint }[]) {
  const calls: Record<string, unknown>[] = [];
  const client = {
    readAll(options: Record<string, unknown>) {
      calls.push(options);
      const from = options.fromPosition as { commit: bigint } | string;
      const max = (options.maxCount as number | undefined) ?? Number.POSITIVE_INFINITY;
      const newestFirst = [...events]
        .sort((a, b) => Number(b.commit - a.commit))
        .filter((e) => typeof from !== 'object' || e.commit <= from.commit)
        .slice(0, max);
      return (async function* () {
        for (const e of newestFirst) {
          yield { event: { ...e, position: { commit: e.commit, prepare: e.commit } } };
        }
      })();
    },
  };
  return { client: client as unknown as KurrentDBClient, calls };
}

describe('readHeadPosition', () => {
  it('bounds every backwards read with maxCount so no read is left open', async () => {
    const { client, calls } = fakeClient([{ streamId: 'item-a', type: 'Created', commit: 100n }]);
    await expect(readHeadPosition(client)).resolves.toBe(100n);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ maxCount: expect.any(Number) });
  });

  it('pages past a head made only of system-stream events', async () => {
    const system = Array.from({ length: 70 }, (_, i) => ({
      streamId: '$stats-node',
      type: 'Collected',
      commit: BigInt(1000 + i),
    }));
    const { client, calls } = fakeClient([
      { streamId: 'item-a', type: 'Created', commit: 500n },
      ...system,
    ]);
    await expect(readHeadPosition(client)).resolves.toBe(500n);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call).toMatchObject({ maxCount: expect.any(Number) });
  });

  it('answers 0n when the log holds none of our events', async () => {
    const { client } = fakeClient([{ streamId: '$stats-node', type: 'Collected', commit: 9n }]);
    await expect(readHeadPosition(client)).resolves.toBe(0n);
  });
});
