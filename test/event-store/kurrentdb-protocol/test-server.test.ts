import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  jsonEvent,
  KurrentDBClient,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { KurrentDbTestServer } from '../../support/kurrentdb-protocol/kurrentdb-test-server';
import { rejection } from '../contract-helpers';

/**
 * The KurrentDB protocol test server — not KurrentDB — itself, through the unmodified official
 * client: the server behaviours the adapter's tests rely on, as KurrentDB's source has them.
 */
let server: KurrentDbTestServer;
let client: KurrentDBClient;
beforeAll(async () => {
  server = await KurrentDbTestServer.start({ recentIdCapacity: 4 });
  client = KurrentDBClient.connectionString(server.connectionString);
});
afterAll(async () => {
  await client.dispose();
  await server.stop();
});

const stream = () => `s-${randomUUID()}`;
const make = (id = randomUUID()) => jsonEvent({ id, type: 'Happened', data: { id } });

it('answers a wrong expected revision with the current and expected states', async () => {
  const name = stream();
  await client.appendToStream(name, [make(), make()], { streamState: 'no_stream' });
  const error = await rejection(client.appendToStream(name, make(), { streamState: 0n }));
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject({ streamName: name, expectedState: 0n, actualState: 1n });
  const missing = await rejection(client.appendToStream(stream(), make(), { streamState: 3n }));
  expect(missing).toMatchObject({ expectedState: 3n, actualState: 'no_stream' });
});

it('answers the same through Streams.Append, which the client uses with per-call credentials', async () => {
  const name = stream();
  const credentials = { username: 'admin', password: 'changeit' };
  const written = await client.appendToStream(name, make(), {
    streamState: 'no_stream',
    credentials,
  });
  expect(written).toMatchObject({ success: true, nextExpectedRevision: 0n });
  const error = await rejection(
    client.appendToStream(name, make(), { streamState: 'no_stream', credentials }),
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  expect(error).toMatchObject({ streamName: name, expectedState: 'no_stream', actualState: 0n });
});

it('gives events byte-offset positions with gaps, commit = prepare, $ events between them', async () => {
  for (let i = 0; i < 8; i++) await client.appendToStream(stream(), make());
  const all = (await collect(client.readAll({ maxCount: 1000 }))).map(({ event }) => event!);
  for (const event of all) expect(event.position.commit).toBe(event.position.prepare);
  const steps = all.slice(1).map((event, i) => event.position.commit - all[i].position.commit);
  expect(steps.every((step) => step > 1n)).toBe(true);
  expect(all.some((event) => event.streamId.startsWith('$'))).toBe(true);
  const [newest] = await collect(
    client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }),
  );
  expect(newest.event?.position).toEqual(all[all.length - 1].position);
});

it('deduplicates an exact-revision retry at any age, an any retry only while its id is recent', async () => {
  const name = stream();
  const first = make();
  const original = await client.appendToStream(name, first, { streamState: 'no_stream' });
  for (let i = 0; i < 6; i++) await client.appendToStream(name, make());
  // no-stream: the id is looked for at revision 0, however old.
  const retry = await client.appendToStream(name, first, { streamState: 'no_stream' });
  expect(retry.position).toEqual(original.position);
  // any: only the recent-id cache (capacity 4 here) is asked, so an older retry is new again.
  await client.appendToStream(name, first);
  expect(await collect(client.readStream(name))).toHaveLength(8);
  const recent = make();
  const recentWrite = await client.appendToStream(name, recent);
  expect((await client.appendToStream(name, recent)).position).toEqual(recentWrite.position);
  server.restart(); // the cache lives in memory only; the restart drops every connection
  // grpc-js learns of the dropped connection from the first call on it (UNAVAILABLE).
  await client.appendToStream(stream(), make()).catch(() => undefined);
  await client.appendToStream(name, recent);
  expect(await collect(client.readStream(name))).toHaveLength(10);
});

it('refuses a read from a position inside a record', async () => {
  const { position } = await client.appendToStream(stream(), make());
  const inside = { commit: position!.commit - 1n, prepare: position!.prepare - 1n };
  const error = await rejection(collect(client.readAll({ fromPosition: inside, maxCount: 1 })));
  expect(String(error)).toMatch(/invalid argument/i);
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}
