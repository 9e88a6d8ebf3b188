import { StorageError } from '../../../src/event-store/event-store.errors';
import { events, newStream, rejection } from '../contract-helpers';
import { useProtocolStore } from './protocol-store.fixture';

/**
 * Streams deleted in KurrentDB outside the app, over the KurrentDB protocol test server — not
 * KurrentDB: a tombstoned stream answers reads and writes with StreamDeleted; a soft-deleted one
 * reads as not found, and writing it again carries on at revision N (IndexWriter.cs,
 * StorageWriterService.cs) while the adapter would chain from version 1.
 */
const env = useProtocolStore();

for (const how of ['tombstoned', 'soft-deleted'] as const) {
  it(`reports a stream ${how} outside the app as damage, on read and on append`, async () => {
    const stream = newStream();
    await env.store.append(stream, events(1, 2), 'no-stream');
    if (how === 'tombstoned') env.server.writer.tombstone(stream);
    else env.server.writer.softDelete(stream);
    for (const attempt of [
      () => env.store.readStream(stream),
      () => env.store.append(stream, events(3, 1), 'any'),
      () => env.store.append(stream, events(3, 1), 'no-stream'),
    ]) {
      const error = await rejection(attempt());
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringContaining(how) });
    }
    expect(env.server.log.stream(stream).events).toHaveLength(how === 'tombstoned' ? 3 : 2);
  });
}

it('still reads and creates a stream that never existed', async () => {
  const stream = newStream();
  expect(await env.store.readStream(stream)).toEqual([]);
  expect(await env.store.append(stream, events(1, 1), 'no-stream')).toMatchObject({
    firstVersion: 1,
  });
});
