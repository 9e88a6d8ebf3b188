import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { loadConfig } from '../../../src/config/app-config';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionThread } from '../../../src/read-model/projection-thread';
import { ReadModelService } from '../../../src/read-model/read-model.service';

/**
 * A read-model file is a cache of one event store. Opened beside another store (a shared
 * READ_MODEL_PATH, or the store restored from an older backup) it would skip the store's events up
 * to its checkpoint and answer with items the store does not have, so it is emptied and rebuilt.
 */
describe('read model and event store identity', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'store-identity-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const register = async (store: SqliteEventStore, ids: readonly string[]) => {
    for (const id of ids) {
      const entityId = `ent:country:${id}`;
      await store.append(
        `entity-${entityId}`,
        [{ type: 'EntityRegistered', data: { entityId, kind: 'country', name: id, aliases: [] } }],
        'no-stream',
      );
    }
  };

  /** Stores `a` (CN, US) and `b` (FR, DE) in `dir`: the same positions, other events. */
  async function twoStoresOfTheSameLength() {
    const a = SqliteEventStore.open({ path: join(dir, 'a.sqlite') });
    const b = SqliteEventStore.open({ path: join(dir, 'b.sqlite') });
    await register(a, ['CN', 'US']);
    await register(b, ['FR', 'DE']);
    return { a, b };
  }

  /** Projects `store` into the read model at `path`; returns its entity ids and generations. */
  async function project(store: SqliteEventStore, path: string) {
    const service = new ReadModelService(store, { readModelPath: path });
    await service.start();
    expect(await service.waitForPosition(await store.headPosition(), 10_000)).toBe(true);
    const entities = service.db
      .prepare(`SELECT entity_id FROM entities_g${service.entities.activeGen} ORDER BY entity_id`)
      .pluck()
      .all();
    const generations = service.db
      .prepare('SELECT name, gen FROM projection_generations ORDER BY name, gen')
      .all();
    await service.close();
    return { entities, generations };
  }

  it('keeps its read model across restarts with the same store', async () => {
    const store = SqliteEventStore.open({ path: join(dir, 'a.sqlite') });
    await register(store, ['CN', 'US']);
    const model = join(dir, 'model.sqlite');
    const first = await project(store, model);
    await register(store, ['RU']);
    const second = await project(store, model);
    expect(second.generations).toEqual(first.generations);
    expect(second.entities).toEqual(['ent:country:CN', 'ent:country:RU', 'ent:country:US']);
    await store.close();
  });

  it('starts even when the store cannot be read, leaving the failure to the projections', async () => {
    const store = SqliteEventStore.open({ path: join(dir, 'a.sqlite') });
    await register(store, ['CN']);
    const model = join(dir, 'model.sqlite');
    await project(store, model);
    await store.close();
    const service = new ReadModelService(store, { readModelPath: model });
    await expect(service.start()).resolves.toBeUndefined();
    for (let i = 0; i < 100 && service.timeline.active.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(service.timeline.active.state).toBe('failed');
    await service.close();
  });

  it('rebuilds a read model built from another store of the same length', async () => {
    const { a, b } = await twoStoresOfTheSameLength();
    const model = join(dir, 'model.sqlite');
    expect((await project(a, model)).entities).toEqual(['ent:country:CN', 'ent:country:US']);
    expect((await project(b, model)).entities).toEqual(['ent:country:DE', 'ent:country:FR']);
    await a.close();
    await b.close();
  });

  it('on the projection thread too, saying so in the service log', async () => {
    const { a, b } = await twoStoresOfTheSameLength();
    const model = join(dir, 'model.sqlite');
    await project(a, model);
    const warnings: string[] = [];
    Logger.overrideLogger({
      log: () => undefined,
      error: () => undefined,
      warn: (message: unknown) => warnings.push(String(message)),
    });
    const config = loadConfig({
      DATA_DIR: dir,
      SQLITE_PATH: join(dir, 'b.sqlite'),
      READ_MODEL_PATH: model,
      PROJECTION_THREAD: 'true',
    });
    const thread = new ProjectionThread(config, () => undefined);
    try {
      await thread.ready;
      for (let i = 0; i < 500 && thread.entities.active.checkpoint < 2n; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(thread.entities.active.checkpoint).toBe(2n);
      expect(warnings).toEqual([expect.stringMatching(/was not built from this event store/)]);
    } finally {
      await thread.stop();
      Logger.overrideLogger(new ConsoleLogger());
    }
    expect((await project(b, model)).entities).toEqual(['ent:country:DE', 'ent:country:FR']);
    await a.close();
    await b.close();
  });

  it('rebuilds a read model that is ahead of a store restored from an older backup', async () => {
    const path = join(dir, 'a.sqlite');
    let store = SqliteEventStore.open({ path });
    await register(store, ['CN']);
    await store.close();
    copyFileSync(path, join(dir, 'backup.sqlite'));
    store = SqliteEventStore.open({ path });
    await register(store, ['US', 'RU']);
    const model = join(dir, 'model.sqlite');
    expect((await project(store, model)).entities).toHaveLength(3);
    await store.close();

    const restored = SqliteEventStore.open({ path: join(dir, 'backup.sqlite') });
    // Recorded again after the restore: the same position the lost 'US' had, another event.
    await register(restored, ['JP']);
    expect((await project(restored, model)).entities).toEqual(['ent:country:CN', 'ent:country:JP']);
    await restored.close();
  });
});
