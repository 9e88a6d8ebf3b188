import { KurrentDbEventStore } from '../../../src/event-store/kurrentdb/kurrentdb-event-store';
import { KurrentDbTestServer } from '../../support/kurrentdb-protocol/kurrentdb-test-server';
import { events, newStream } from '../contract-helpers';

/**
 * Reads right after every connection dropped, over the KurrentDB protocol test server — not
 * KurrentDB: the first read after a lost connection is tried again, not failed.
 */
let server: KurrentDbTestServer;
let store: KurrentDbEventStore;
beforeAll(async () => {
  server = await KurrentDbTestServer.start();
  store = KurrentDbEventStore.connect(server.connectionString, {
    logger: { warn: () => undefined },
  });
});
afterAll(async () => {
  await store.close();
  await server.stop();
});

it('answers reads and appends made at once after every connection dropped', async () => {
  const stream = newStream();
  await store.append(stream, events(0, 1), 'no-stream');
  const outcomes: string[] = [];
  for (let round = 1; round <= 10; round++) {
    server.dropAllConnections();
    const read = await store.readStream(stream).then(
      (found) => `read ${found.length}`,
      (error: Error) => `read failed: ${error.constructor.name}`,
    );
    server.dropAllConnections();
    const appended = await store.append(stream, events(round, 1), round).then(
      () => 'appended',
      (error: Error) => `append failed: ${error.constructor.name}`,
    );
    server.dropAllConnections();
    const head = await store.headPosition().then(
      () => 'head',
      (error: Error) => `head failed: ${error.constructor.name}`,
    );
    outcomes.push(`${read}, ${appended}, ${head}`);
  }
  expect(outcomes).toEqual(Array.from({ length: 10 }, (_, i) => `read ${i + 1}, appended, head`));
});
