import Database from 'better-sqlite3';
import { timelineItemProjection, type TimelineItemView } from '../../../projections';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import { ProjectionSlot, type ProjectionStorage } from '../../../src/read-model/projection-slot';
import {
  compactTimelineText,
  createTimelineTables,
  dropTimelineTables,
  indexTimelineTables,
  OPEN,
  openReadModelDatabase,
} from '../../../src/read-model/read-model-schema';
import { runTimelineQuery } from '../../../src/read-model/timeline-query';
import { TimelineSink } from '../../../src/read-model/timeline-sink';
import { factData } from './history-builder';
import { timelineQuery } from './timeline-queries';

/**
 * A generation built from position 0 leaves catch-up with its full-text index in one segment
 * (every MATCH opens each segment); a restart from a later checkpoint does not compact again.
 */

const storage = (compact: boolean): ProjectionStorage<TimelineItemView> => ({
  projection: timelineItemProjection,
  create: createTimelineTables,
  drop: dropTimelineTables,
  index: indexTimelineTables,
  sink: (db, gen) => new TimelineSink(db, gen),
  ...(compact ? { compact: compactTimelineText } : {}),
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const segments = (db: Database.Database) =>
  db.prepare('SELECT count(DISTINCT segid) FROM item_fts_g1_idx').pluck().get();

async function appendItems(store: SqliteEventStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 1) {
    const data = factData({ headline: `tungsten item ${i}` });
    await store.append(
      `item-i${i}`,
      [{ type: 'SanctionImposed', data: data as never }],
      'no-stream',
    );
  }
}

async function caughtUp(db: Database.Database, store: SqliteEventStore, compact: boolean) {
  const slot = new ProjectionSlot(db, store, storage(compact), () => {});
  slot.start();
  await until(() => slot.active.state === 'live');
  return slot;
}

const tungsten = (db: Database.Database) =>
  runTimelineQuery(db, 1, timelineQuery(OPEN - 1n, { match: '"tungsten"' })).items.length;

describe('full-text compaction after catch-up', () => {
  // Catch-up commits slices of 500 events: 1,600 items make four full-text segments.
  let store: SqliteEventStore;
  beforeEach(async () => {
    store = SqliteEventStore.open({ path: ':memory:' });
    await appendItems(store, 0, 1600);
  });
  afterEach(() => store.close());

  it('merges a generation built from position 0 into one segment', async () => {
    const db = new Database(':memory:');
    openReadModelDatabase(db);
    const slot = await caughtUp(db, store, true);
    expect(segments(db)).toBe(1);
    expect(tungsten(db)).toBe(500);
    await slot.stop();
    db.close();
  });

  it('switches from catch-up settings to live ones: FTS5 merging, the item index', async () => {
    const db = new Database(':memory:');
    openReadModelDatabase(db);
    const automerge = () =>
      db.prepare(`SELECT v FROM item_fts_g1_config WHERE k = 'automerge'`).pluck().get();
    const itemIndexes = () =>
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'items_g1_by_item%'`,
        )
        .pluck()
        .all();
    createTimelineTables(db, 1);
    expect(automerge()).toBe(16);
    expect(itemIndexes()).toEqual(['items_g1_by_item']);
    const slot = await caughtUp(db, store, false);
    expect(automerge()).toBe(4);
    expect(itemIndexes()).toEqual(['items_g1_by_item_covering']);
    await slot.stop();
    // Creating the tables again (every start does) keeps the live settings.
    createTimelineTables(db, 1);
    expect(automerge()).toBe(4);
    expect(itemIndexes()).toEqual(['items_g1_by_item_covering']);
    db.close();
  });

  it('leaves the segments alone without a compact step, and on a restart from a checkpoint', async () => {
    const plain = new Database(':memory:');
    openReadModelDatabase(plain);
    await (await caughtUp(plain, store, false)).stop();
    expect(segments(plain)).toBeGreaterThan(1);
    plain.close();

    const db = new Database(':memory:');
    openReadModelDatabase(db);
    await (await caughtUp(db, store, true)).stop();
    await appendItems(store, 1600, 700);
    const restarted = await caughtUp(db, store, true);
    expect(segments(db)).toBeGreaterThan(1);
    expect(tungsten(db)).toBe(500);
    await restarted.stop();
    db.close();
  });
});
