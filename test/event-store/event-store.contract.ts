import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError } from '../../src/event-store/event-store.errors';
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import { verifyStreamChain } from '../../src/event-store/hash-chain';
import { event, events, newStream, rejection } from './contract-helpers';
import { describeSubscriptionContract } from './event-store.subscription.contract';
import { describeValidationContract } from './event-store.validation.contract';

/**
 * The behaviour every EventStore adapter must show. Written once; each adapter's
 * test file calls it with a factory. Streams get random names and positions are compared only by
 * order, so adapters that share a server between tests (KurrentDB) pass it too.
 */
export type StoreFactory = () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>;

/**
 * What an adapter cannot promise. KurrentDB keeps no index of event ids across streams, so it can
 * only recognise an id reused in the same stream; that case is reported as skipped, not passed.
 */
export interface ContractLimits {
  readonly detectsIdReuseAcrossStreams?: boolean;
}

export function describeEventStoreContract(
  name: string,
  factory: StoreFactory,
  limits: ContractLimits = {},
): void {
  const acrossStreams = limits.detectsIdReuseAcrossStreams ?? true;
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    const context = { store: () => store };

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('append and optimistic concurrency', () => {
      it('creates a stream with no-stream and stamps ids, versions, recordedAt and the chain', async () => {
        const stream = newStream();
        const before = Date.now();
        const result = await store.append(stream, events(1, 3), 'no-stream');
        expect(result).toMatchObject({ firstVersion: 1, lastVersion: 3 });
        expect(result.events.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(result.position).toBe(result.events[2].position);
        for (const stored of result.events) {
          expect(stored.id).toMatch(
            /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          );
          expect(stored.metadata.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          expect(Date.parse(stored.metadata.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
          expect(stored.metadata).toMatchObject({ recordedBy: 'contract', causationId: null });
          expect(stored.schemaVersion).toBe(1);
        }
        expect(result.events[0].prevHash).toBeNull();
        expect(result.events[1].prevHash).toBe(result.events[0].hash);
      });

      it('rejects no-stream when the stream exists, with expected and actual', async () => {
        const stream = newStream();
        await store.append(stream, events(1, 2), 'no-stream');
        const error = await rejection(store.append(stream, [event(3)], 'no-stream'));
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream, expected: 'no-stream', actual: 2 });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('appends at the expected version and rejects a stale or future one', async () => {
        const stream = newStream();
        await store.append(stream, [event(1)], 0);
        const second = await store.append(stream, events(2, 2), 1);
        expect(second).toMatchObject({ firstVersion: 2, lastVersion: 3 });
        for (const expected of [1, 7]) {
          const error = await rejection(store.append(stream, [event(9)], expected));
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ stream, expected, actual: 3 });
        }
        const missing = newStream();
        expect(await rejection(store.append(missing, [event(1)], 2))).toMatchObject({
          stream: missing,
          expected: 2,
          actual: 0,
        });
        expect((await store.readStream(stream)).map((e) => e.data.n)).toEqual([1, 2, 3]);
      });

      it('appends with any whether or not the stream exists', async () => {
        const stream = newStream();
        expect(await store.append(stream, [event(1)], 'any')).toMatchObject({ lastVersion: 1 });
        expect(await store.append(stream, [event(2)], 'any')).toMatchObject({ firstVersion: 2 });
      });

      it('lets exactly one of many concurrent appenders win each version', async () => {
        const stream = newStream();
        for (let version = 0; version < 4; version++) {
          const contenders = Array.from({ length: 8 }, (_, i) =>
            store.append(stream, [event(version * 10 + i)], version),
          );
          const settled = await Promise.allSettled(contenders);
          const won = settled.filter((s) => s.status === 'fulfilled');
          expect(won).toHaveLength(1);
          for (const lost of settled.filter((s) => s.status === 'rejected')) {
            expect(lost.reason).toBeInstanceOf(ConcurrencyError);
            expect(lost.reason).toMatchObject({ expected: version, actual: version + 1 });
          }
        }
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.version)).toEqual([1, 2, 3, 4]);
        expect(verifyStreamChain(stored)).toBeNull();
      });
    });

    describe('idempotency', () => {
      it('returns the original result for a retry and writes nothing', async () => {
        const stream = newStream();
        const batch = events(1, 2).map((e) => ({ ...e, id: randomUUID() }));
        const original = await store.append(stream, batch, 'no-stream');
        const head = await store.headPosition();
        expect(await store.append(stream, batch, 'no-stream')).toEqual(original);
        expect(await store.headPosition()).toBe(head);
        await store.append(stream, [event(3)], 2);
        expect(await store.append(stream, batch, 'no-stream')).toEqual(original);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(stored.slice(0, 2)).toEqual(original.events);
      });

      it('treats a retry with any or a version number the same way', async () => {
        const stream = newStream();
        await store.append(stream, [event(1)], 'no-stream');
        const next = [{ ...event(2), id: randomUUID() }];
        const original = await store.append(stream, next, 1);
        expect(await store.append(stream, next, 1)).toEqual(original);
        const viaAny = [{ ...event(3), id: randomUUID() }];
        const firstAny = await store.append(stream, viaAny, 'any');
        expect(await store.append(stream, viaAny, 'any')).toEqual(firstAny);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      (acrossStreams ? it : it.skip)(
        `rejects an id reused in another stream, writing nothing${acrossStreams ? '' : ' (not supported by this adapter)'}`,
        async () => {
          const stream = newStream();
          const id = randomUUID();
          await store.append(stream, [{ ...event(1), id }], 'no-stream');
          const other = newStream();
          const elsewhere = await rejection(store.append(other, [{ ...event(2), id }], 'any'));
          expect(elsewhere).toBeInstanceOf(DuplicateEventIdError);
          expect(elsewhere).toMatchObject({
            eventId: id,
            existingStream: stream,
            existingVersion: 1,
          });
          const second = await rejection(
            store.append(other, [event(3), { ...event(4), id }], 'no-stream'),
          );
          expect(second).toBeInstanceOf(DuplicateEventIdError);
          expect(await store.readStream(other)).toEqual([]);
          expect(await store.readStream(stream)).toHaveLength(1);
        },
      );

      it('rejects an id reused at another place in the same stream, writing nothing', async () => {
        const stream = newStream();
        const id = randomUUID();
        await store.append(stream, [{ ...event(1), id }], 'no-stream');
        const later = await rejection(store.append(stream, [{ ...event(2), id }], 1));
        expect(later).toBeInstanceOf(DuplicateEventIdError);
        expect(later).toMatchObject({ eventId: id, existingStream: stream, existingVersion: 1 });
        const viaAny = await rejection(
          store.append(stream, [event(3), { ...event(4), id }], 'any'),
        );
        expect(viaAny).toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('reading', () => {
      it('keeps one global order across streams', async () => {
        const start = await store.headPosition();
        const streams = [newStream(), newStream(), newStream()];
        const written: string[] = [];
        for (let round = 0; round < 3; round++) {
          for (const stream of streams) {
            const result = await store.append(stream, [event(round)], 'any');
            written.push(result.events[0].id);
          }
        }
        const all = (await store.readAll({ after: start })).filter((e) =>
          streams.includes(e.stream),
        );
        expect(all.map((e) => e.id)).toEqual(written);
        for (let i = 1; i < all.length; i++) {
          expect(all[i].position > all[i - 1].position).toBe(true);
        }
        expect(await store.headPosition()).toBe(all[all.length - 1].position);
      });

      it('reads a stream forwards and backwards with from and limit', async () => {
        const stream = newStream();
        await store.append(stream, events(1, 5), 'no-stream');
        const versions = (list: RecordedEvent[]) => list.map((e) => e.version);
        expect(versions(await store.readStream(stream))).toEqual([1, 2, 3, 4, 5]);
        expect(versions(await store.readStream(stream, { from: 3 }))).toEqual([3, 4, 5]);
        expect(versions(await store.readStream(stream, { from: 2, limit: 2 }))).toEqual([2, 3]);
        const back = await store.readStream(stream, { direction: 'backwards' });
        expect(versions(back)).toEqual([5, 4, 3, 2, 1]);
        expect(
          versions(await store.readStream(stream, { direction: 'backwards', from: 3, limit: 2 })),
        ).toEqual([3, 2]);
        expect(await store.readStream(stream, { from: 6 })).toEqual([]);
        expect(await store.readStream(newStream())).toEqual([]);
      });

      it('reads the global log after a position with a limit', async () => {
        const stream = newStream();
        const { events: stored } = await store.append(stream, events(1, 5), 'no-stream');
        const page = await store.readAll({ after: stored[1].position, limit: 2 });
        expect(page.map((e) => e.id)).toEqual([stored[2].id, stored[3].id]);
        expect(page).toEqual(stored.slice(2, 4));
      });
    });

    describe('tamper evidence', () => {
      it('stores a per-stream hash chain that verifies', async () => {
        const stream = newStream();
        const other = newStream();
        await store.append(stream, events(1, 2), 'no-stream');
        await store.append(other, events(1, 1), 'no-stream');
        const last = await store.append(stream, events(3, 2), 2);
        const stored = await store.readStream(stream);
        expect(verifyStreamChain(stored)).toBeNull();
        expect(stored[2].prevHash).toBe(stored[1].hash);
        expect(stored.slice(2)).toEqual(last.events);
        expect(verifyStreamChain(stored.slice(2), stored[1])).toBeNull();
      });
    });

    describeValidationContract(context);
    describeSubscriptionContract(context);
  });
}
