import type { EventStore } from '../../src/event-store/event-store.port';
import { events, newStream, take } from './contract-helpers';

/** Subscription part of the EventStore contract; `context.store()` is the current test's store. */
export function describeSubscriptionContract(context: { store: () => EventStore }): void {
  describe('subscribe', () => {
    it('catches up from a position, then delivers live appends in order', async () => {
      const store = context.store();
      const stream = newStream();
      const other = newStream();
      const start = await store.headPosition();
      const early = await store.append(stream, events(1, 3), 'no-stream');
      const subscription = store.subscribe({ after: start });
      try {
        const caughtUp = await take(subscription, 3, [stream, other]);
        expect(caughtUp).toEqual(early.events);

        // Ask for the next events before they exist: they must arrive once appended.
        const live = take(subscription, 4, [stream, other]);
        const a = await store.append(other, events(10, 1), 'no-stream');
        const b = await store.append(stream, events(4, 2), 3);
        const c = await store.append(other, events(11, 1), 1);
        expect(await live).toEqual([...a.events, ...b.events, ...c.events]);
      } finally {
        await subscription.close();
      }
    });

    it('starts strictly after the given position', async () => {
      const store = context.store();
      const stream = newStream();
      const { events: stored } = await store.append(stream, events(1, 4), 'no-stream');
      const subscription = store.subscribe({ after: stored[1].position });
      try {
        expect((await take(subscription, 2, [stream])).map((e) => e.version)).toEqual([3, 4]);
      } finally {
        await subscription.close();
      }
    });

    it('never skips or reorders events appended concurrently by many callers', async () => {
      const store = context.store();
      const streams = Array.from({ length: 10 }, () => newStream());
      const start = await store.headPosition();
      const subscription = store.subscribe({ after: start });
      try {
        const received = take(subscription, 50, streams);
        const results = await Promise.all(
          streams.flatMap((stream) => [
            store.append(stream, events(1, 2), 'no-stream'),
            store.append(stream, events(3, 3), 'any'),
          ]),
        );
        const delivered = await received;
        const appendedIds = new Set(results.flatMap((r) => r.events.map((e) => e.id)));
        expect(new Set(delivered.map((e) => e.id))).toEqual(appendedIds);
        for (let i = 1; i < delivered.length; i++) {
          expect(delivered[i].position > delivered[i - 1].position).toBe(true);
        }
        expect(delivered).toEqual(
          (await store.readAll({ after: start })).filter((e) => streams.includes(e.stream)),
        );
      } finally {
        await subscription.close();
      }
    });

    it('ends the iteration when closed, also while waiting for events', async () => {
      const store = context.store();
      const subscription = store.subscribe({ after: await store.headPosition() });
      const iterator = subscription[Symbol.asyncIterator]();
      const waiting = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await subscription.close();
      expect(await waiting).toEqual({ done: true, value: undefined });
      expect(await iterator.next()).toMatchObject({ done: true });
    });

    it('stops a for-await loop that breaks out', async () => {
      const store = context.store();
      const stream = newStream();
      const start = await store.headPosition();
      await store.append(stream, events(1, 3), 'no-stream');
      const seen: number[] = [];
      for await (const event of store.subscribe({ after: start })) {
        if (event.stream !== stream) continue;
        seen.push(event.version);
        if (seen.length === 2) break;
      }
      expect(seen).toEqual([1, 2]);
    });
  });
}
