import Database from 'better-sqlite3';
import { timelineItemProjection, type TimelineItemView } from '../../../projections';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionSlot, type ProjectionStorage } from '../../../src/read-model/projection-slot';
import {
  createTimelineTables,
  dropTimelineTables,
  indexTimelineTables,
  openReadModelDatabase,
} from '../../../src/read-model/read-model-schema';
import { findItem } from '../../../src/read-model/timeline-query';
import { TimelineSink } from '../../../src/read-model/timeline-sink';
import { factData } from './history-builder';

/** Bumping a projection's version rebuilds it side by side; the old generation serves meanwhile. */

const storage = (version: number, revision?: number): ProjectionStorage<TimelineItemView> => ({
  projection: { ...timelineItemProjection, version },
  revision,
  create: createTimelineTables,
  drop: dropTimelineTables,
  index: indexTimelineTables,
  sink: (db, gen) => new TimelineSink(db, gen),
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const tableExists = (db: Database.Database, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(name) !== undefined;

describe('projection version bump', () => {
  it('keeps answering from the old generation, then swaps atomically when caught up', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    const db = new Database(':memory:');
    openReadModelDatabase(db);
    for (const id of ['a', 'b', 'c']) {
      await store.append(
        `item-${id}`,
        [{ type: 'SanctionImposed', data: factData() as never }],
        'no-stream',
      );
    }
    const v1 = new ProjectionSlot(db, store, storage(1), () => {});
    v1.start();
    await until(() => v1.active.state === 'live');
    expect(v1.activeGen).toBe(1);
    await v1.stop();

    const v2 = new ProjectionSlot(db, store, storage(2), () => {});
    v2.start();
    // Right after start the rebuild has not caught up: version 1 still answers.
    expect([v2.activeGen, v2.activeVersion, v2.building?.checkpoint]).toEqual([1, 1, 0n]);
    expect(findItem(db, 1, 'a', 10n)?.itemId).toBe('a');
    await until(() => v2.building === null);
    expect([v2.activeGen, v2.activeVersion]).toEqual([2, 2]);
    expect(findItem(db, 2, 'c', 10n)?.itemId).toBe('c');
    await until(() => !tableExists(db, 'items_g1'));
    const generations = db.prepare('SELECT gen, version, state FROM projection_generations').all();
    expect(generations).toEqual([{ gen: 2, version: 2, state: 'active' }]);
    await v2.stop();
    await store.close();
    db.close();
  });

  it('rebuilds side by side when only the storage revision changes (how text is indexed)', async () => {
    const store = SqliteEventStore.open({ path: ':memory:' });
    const db = new Database(':memory:');
    openReadModelDatabase(db);
    await store.append(
      'item-a',
      [{ type: 'SanctionImposed', data: factData() as never }],
      'no-stream',
    );
    const before = new ProjectionSlot(db, store, storage(1), () => {});
    before.start();
    await until(() => before.active.state === 'live');
    await before.stop();

    const after = new ProjectionSlot(db, store, storage(1, 1), () => {});
    after.start();
    expect([after.activeGen, after.building?.checkpoint]).toEqual([1, 0n]);
    await until(() => after.building === null && !tableExists(db, 'items_g1'));
    const generations = db
      .prepare('SELECT gen, version, revision, state FROM projection_generations')
      .all();
    expect(generations).toEqual([{ gen: 2, version: 1, revision: 1, state: 'active' }]);
    await after.stop();

    // Started again with the same revision: nothing to rebuild.
    const again = new ProjectionSlot(db, store, storage(1, 1), () => {});
    again.start();
    expect([again.activeGen, again.building]).toEqual([2, null]);
    await again.stop();
    await store.close();
    db.close();
  });
});
