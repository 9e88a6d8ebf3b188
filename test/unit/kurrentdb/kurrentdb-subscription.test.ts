import { PassThrough } from 'node:stream';
import type { KurrentDBClient, SubscribeToAllOptions } from '@kurrent/kurrentdb-client';
import { toEventData } from '../../../src/event-store/kurrentdb/event-mapping';
import { KurrentDbSubscription } from '../../../src/event-store/kurrentdb/kurrentdb-subscription';
import { computeEventHash } from '../../../src/event-store/hash-chain';

/** A resolved $all event as the client yields it, for one of our events at `position`. */
function resolved(stream: string, version: number, position: bigint, type = 'T') {
  const base = {
    id: `01890a5d-ac96-774b-bcce-${String(position).padStart(12, '0')}`,
    stream,
    version,
    type,
    schemaVersion: 1,
    data: { n: version },
    metadata: { recordedAt: 'x', recordedBy: null, correlationId: null, causationId: null },
    prevHash: null,
  };
  const data = toEventData({ ...base, hash: computeEventHash(base) });
  return {
    event: {
      ...data,
      streamId: stream,
      isJson: true,
      revision: BigInt(version - 1),
      created: new Date(),
      position: { commit: position, prepare: position },
    },
  };
}

/** Stands in for client.subscribeToAll: each call hands out the next scripted connection. */
function fakeClient(connections: Array<(source: PassThrough) => void>) {
  const calls: SubscribeToAllOptions[] = [];
  const client = {
    subscribeToAll(options: SubscribeToAllOptions) {
      calls.push(options);
      const source = Object.assign(new PassThrough({ objectMode: true }), {
        unsubscribe: async () => void source.end(),
      });
      const script = connections.shift();
      setImmediate(() => (script ? script(source) : undefined));
      return source;
    },
  };
  return { client: client as unknown as KurrentDBClient, calls };
}

const fastBackoff = { initialDelayMs: 1, maxDelayMs: 4, factor: 2 };

describe('KurrentDbSubscription', () => {
  it('reconnects from its checkpoint after a drop, logging it, without duplicates or gaps', async () => {
    const { client, calls } = fakeClient([
      (s) => {
        s.write(resolved('item-a', 1, 100n));
        s.write(resolved('$stats', 1, 150n, '$statsCollected'));
        s.write(resolved('item-a', 2, 200n));
        // Drop the connection once the buffered events have been consumed.
        setTimeout(() => s.destroy(new Error('connection reset')), 20);
      },
      (s) => {
        s.write(resolved('item-a', 2, 200n)); // replayed by an inclusive restart: dropped
        s.write(resolved('item-b', 1, 300n));
      },
    ]);
    const warnings: string[] = [];
    const subscription = new KurrentDbSubscription(
      client,
      50n,
      { warn: (m) => warnings.push(m) },
      fastBackoff,
    );
    const seen: bigint[] = [];
    for await (const event of subscription) {
      seen.push(event.position);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([100n, 200n, 300n]);
    expect(calls.map((c) => c.fromPosition)).toEqual([
      { commit: 50n, prepare: 50n },
      { commit: 200n, prepare: 200n },
    ]);
    expect(calls[0].filter).toMatchObject({ regex: '^[^$].*' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/connection reset.*reconnect attempt 1 .*after position 200/);
  });

  it('ends with the error when the log holds an event it cannot read', async () => {
    const foreign = resolved('item-a', 1, 100n);
    foreign.event.metadata = {} as typeof foreign.event.metadata;
    const { client } = fakeClient([(s) => void s.write(foreign)]);
    const subscription = new KurrentDbSubscription(
      client,
      undefined,
      { warn: () => {} },
      fastBackoff,
    );
    await expect(subscription[Symbol.asyncIterator]().next()).rejects.toThrow(/not written by/);
  });

  it('ends a pending next() when closed, even during a backoff wait', async () => {
    const { client } = fakeClient([(s) => void s.destroy(new Error('down'))]);
    const slow = { initialDelayMs: 60_000, maxDelayMs: 60_000, factor: 2 };
    const subscription = new KurrentDbSubscription(client, undefined, { warn: () => {} }, slow);
    const iterator = subscription[Symbol.asyncIterator]();
    const pending = iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});
