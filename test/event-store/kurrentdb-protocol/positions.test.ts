import { readLog } from '../../../src/audit/log-reader';
import { EventStoreValidationError } from '../../../src/event-store/event-store.errors';
import { events, newStream, rejection } from '../contract-helpers';
import { useProtocolStore } from './protocol-store.fixture';

/**
 * Global positions on KurrentDB are byte offsets with gaps, over the KurrentDB protocol test
 * server — not KurrentDB: `position - 1` is inside the previous record, and the server answers
 * a read or subscription from there with InvalidArgument.
 */
const env = useProtocolStore({
  logger: { warn: () => undefined },
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

it('reads the log from an event position, that event included (fromPosition)', async () => {
  const stream = newStream();
  const { events: written } = await env.store.append(stream, events(1, 3), 'no-stream');
  expect(written[1].position - written[0].position).toBeGreaterThan(1n);
  const read = await collect(readLog(env.store, { fromPosition: written[1].position }));
  expect(read.filter((e) => e.stream === stream).map((e) => e.version)).toEqual([2, 3]);
  expect(await env.store.readAll({ from: written[2].position })).toEqual([written[2]]);
});

it('refuses a read after a position inside a record as a validation error', async () => {
  const { position } = await env.store.append(newStream(), events(1, 1), 'no-stream');
  const error = await rejection(env.store.readAll({ after: position - 1n }));
  expect(error).toBeInstanceOf(EventStoreValidationError);
  expect(error).toMatchObject({ field: 'after' });
});

it('ends a subscription from a position inside a record with a validation error, without retrying', async () => {
  const { position } = await env.store.append(newStream(), events(1, 1), 'no-stream');
  const startsBefore = env.server.reads.subscriptionStarts.length;
  const subscription = env.store.subscribe({ after: position - 1n });
  const error = await rejection(subscription[Symbol.asyncIterator]().next());
  expect(error).toBeInstanceOf(EventStoreValidationError);
  expect(env.server.reads.subscriptionStarts.length - startsBefore).toBe(1);
  await subscription.close();
});
