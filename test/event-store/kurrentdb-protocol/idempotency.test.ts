import { randomUUID } from 'node:crypto';
import { KurrentDbEventStore } from '../../../src/event-store/kurrentdb/kurrentdb-event-store';
import { KurrentDbTestServer } from '../../support/kurrentdb-protocol/kurrentdb-test-server';
import { event, events, newStream } from '../contract-helpers';

/**
 * What a retried append gets, per expected state, when the original is older than the adapter's
 * look-back window (the stream's last 100 events), over the KurrentDB protocol test server — not
 * KurrentDB. The README states the same, line by line.
 */
let server: KurrentDbTestServer;
let store: KurrentDbEventStore;
beforeAll(async () => {
  server = await KurrentDbTestServer.start();
  store = KurrentDbEventStore.connect(server.connectionString);
});
afterAll(async () => {
  await store.close();
  await server.stop();
});

const withId = (n: number) => ({ ...event(n), id: randomUUID() });

it.each(['no-stream', 3] as const)(
  'recognises a retry with expected %s at any age: it looks where the original would be',
  async (expected) => {
    const stream = newStream();
    if (expected === 3) await store.append(stream, events(1, 3), 'no-stream');
    const batch = [withId(0)];
    const original = await store.append(stream, batch, expected);
    await store.append(stream, events(10, 150), 'any');
    const retry = await store.append(stream, batch, expected);
    expect(retry).toEqual(original);
    expect(await store.readStream(stream)).toHaveLength(original.lastVersion + 150);
  },
);

it('recognises a retry with expected any only within the last 100 events of the stream', async () => {
  const stream = newStream();
  const batch = [withId(1)];
  const recent = await store.append(stream, batch, 'any');
  await store.append(stream, events(2, 99), 'any');
  expect(await store.append(stream, batch, 'any')).toEqual(recent);
  await store.append(stream, events(200, 1), 'any');
  // Now 101 events back: outside the window, the retry is written again, as a new event.
  const again = await store.append(stream, batch, 'any');
  expect(again.firstVersion).toBe(102);
  expect((await store.readStream(stream)).filter((e) => e.id === recent.events[0].id)).toHaveLength(
    2,
  );
});
