import { events, newStream } from '../contract-helpers';
import { useProtocolStore } from './protocol-store.fixture';

/**
 * Reads right after every connection dropped, over the KurrentDB protocol test server — not
 * KurrentDB: the first read after a lost connection is tried again, not failed.
 */
const env = useProtocolStore({
  logger: { warn: () => undefined },
});

it('answers reads and appends made at once after every connection dropped', async () => {
  const stream = newStream();
  await env.store.append(stream, events(0, 1), 'no-stream');
  const outcomes: string[] = [];
  for (let round = 1; round <= 10; round++) {
    env.server.dropAllConnections();
    const read = await env.store.readStream(stream).then(
      (found) => `read ${found.length}`,
      (error: Error) => `read failed: ${error.constructor.name}`,
    );
    env.server.dropAllConnections();
    const appended = await env.store.append(stream, events(round, 1), round).then(
      () => 'appended',
      (error: Error) => `append failed: ${error.constructor.name}`,
    );
    env.server.dropAllConnections();
    const head = await env.store.headPosition().then(
      () => 'head',
      (error: Error) => `head failed: ${error.constructor.name}`,
    );
    outcomes.push(`${read}, ${appended}, ${head}`);
  }
  expect(outcomes).toEqual(Array.from({ length: 10 }, (_, i) => `read ${i + 1}, appended, head`));
});
