import { KurrentDbEventStore } from '../../../src/event-store/kurrentdb/kurrentdb-event-store';
import { KurrentDbTestServer } from '../../support/kurrentdb-protocol/kurrentdb-test-server';
import { events, newStream } from '../contract-helpers';

/**
 * headPosition() on a log of more than 5 MB, over the KurrentDB protocol test server — not
 * KurrentDB. /health/ready calls it every 10 s, so it must stay cheap however much KurrentDB
 * itself has written after our newest event (stats, projection results in $ streams).
 */
let server: KurrentDbTestServer;
beforeAll(async () => {
  server = await KurrentDbTestServer.start();
});
afterAll(async () => {
  await server.stop();
});

/** Our event first, then > 5 MB of what KurrentDB writes itself: $-typed, and in $ streams. */
async function bigLog(store: KurrentDbEventStore): Promise<bigint> {
  const { position } = await store.append(newStream(), events(1, 1), 'no-stream');
  const filler = { blob: 'x'.repeat(1000) };
  for (let i = 0; i < 5200; i++) {
    if (i % 2 === 0) server.writer.writeSystem('$stats-test', '$statsCollected', filler);
    else server.writer.writeSystem('$projections-test-result', 'Result', filler);
  }
  server.log.notify();
  expect(server.log.endPosition - position).toBeGreaterThan(5_000_000n);
  return position;
}

it('answers 50 headPosition() calls in a row on a log of more than 5 MB', async () => {
  const store = KurrentDbEventStore.connect(server.connectionString);
  try {
    const own = await bigLog(store);
    for (let call = 0; call < 50; call++) expect(await store.headPosition()).toBe(own);
  } finally {
    await store.close();
  }
});
