import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { loadConfig } from '../../src/config/app-config';
import { EventStoreModule } from '../../src/event-store/event-store.module';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
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

  it('says plainly that the KurrentDB adapter is not available yet', async () => {
    const config = {
      ...loadConfig({ SQLITE_PATH: join(dir, 'x.sqlite') }),
      eventStore: 'kurrentdb' as const,
    };
    await expect(
      Test.createTestingModule({ imports: [EventStoreModule.forRoot(config)] }).compile(),
    ).rejects.toThrow(/kurrentdb is not available yet/);
  });
});
