import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { loadConfig } from '../../src/config/app-config';
import { EventStoreModule } from '../../src/event-store/event-store.module';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

describe('EventStoreModule', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'event-store-module-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('provides a SQLite store in a new directory and closes it on shutdown', async () => {
    const sqlitePath = join(dir, 'nested', 'deeper', 'events.sqlite');
    const config = loadConfig({ SQLITE_PATH: sqlitePath, SQLITE_SYNCHRONOUS: 'NORMAL' });
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot(config)],
    }).compile();
    const store = moduleRef.get<EventStore>(EVENT_STORE);
    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(await store.append('item-a', [{ type: 'T', data: {} }], 'no-stream')).toMatchObject({
      lastVersion: 1,
    });
    expect(existsSync(sqlitePath)).toBe(true);

    await moduleRef.close();
    await expect(store.headPosition()).rejects.toThrow('the event store is closed');
  });

  it('provides the KurrentDB store for EVENT_STORE=kurrentdb (connecting lazily)', async () => {
    const config = loadConfig({
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_CONNECTION_STRING: 'kurrentdb://127.0.0.1:1?tls=false',
    });
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot(config)],
    }).compile();
    expect(moduleRef.get<EventStore>(EVENT_STORE)).toBeInstanceOf(KurrentDbEventStore);
    await moduleRef.close();
  });

  it('refuses to start on KurrentDB without a usable connection string, naming the variable', async () => {
    const base = loadConfig({ SQLITE_PATH: join(dir, 'x.sqlite') });
    for (const [connectionString, message] of [
      [null, /needs KURRENTDB_CONNECTION_STRING/],
      ['kurrentdb://host:abc?tls=false', /KURRENTDB_CONNECTION_STRING=.* is malformed: .*port/],
    ] as const) {
      const config = {
        ...base,
        eventStore: 'kurrentdb' as const,
        kurrentdbConnectionString: connectionString,
      };
      await expect(
        Test.createTestingModule({ imports: [EventStoreModule.forRoot(config)] }).compile(),
      ).rejects.toThrow(message);
    }
  });
});
