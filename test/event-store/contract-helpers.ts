import { randomUUID } from 'node:crypto';
import type {
  EventToAppend,
  RecordedEvent,
  Subscription,
} from '../../src/event-store/event-store.port';

/** Small builders shared by the adapter-neutral contract suites. */
export const newStream = (prefix = 'item'): string => `${prefix}-${randomUUID()}`;
export const event = (n: number, extra: Partial<EventToAppend> = {}): EventToAppend => ({
  type: 'TestHappened',
  data: { n, nested: { list: [n, String(n)], flag: n % 2 === 0 } },
  metadata: { recordedBy: 'contract', correlationId: `corr-${n}` },
  ...extra,
});
export const events = (from: number, count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => event(from + i));

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** The next `count` events of the given streams from a subscription (others' events ignored). */
export async function take(
  subscription: Subscription,
  count: number,
  streams: readonly string[],
): Promise<RecordedEvent[]> {
  const iterator = subscription[Symbol.asyncIterator]();
  const taken: RecordedEvent[] = [];
  while (taken.length < count) {
    const next = await iterator.next();
    if (next.done) throw new Error(`subscription ended after ${taken.length} of ${count} events`);
    if (streams.includes(next.value.stream)) taken.push(next.value);
  }
  return taken;
}
