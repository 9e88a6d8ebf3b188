import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../../src/event-store/sqlite/sqlite-event-store';
import {
  createTimelineTables,
  openReadModelDatabase,
  READ_MODEL_LAYOUT,
} from '../../../src/read-model/read-model-schema';

/** A read-model file written by another table layout is emptied, so every projection rebuilds. */

const tables = (db: Database.Database) =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();

describe('read-model layout', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'layout-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A read-model file with one active generation at checkpoint 42, marked with `layout`. */
  function writeGeneration(gen: number, layout: number): string {
    const path = join(dir, 'rm.sqlite');
    const db = new Database(path);
    openReadModelDatabase(db);
    createTimelineTables(db, gen);
    db.prepare(
      `INSERT INTO projection_generations (name, gen, version, state, checkpoint) VALUES ('t', ?, 1, 'active', 42)`,
    ).run(gen);
    db.pragma(`user_version = ${layout}`);
    db.close();
    return path;
  }

  it('keeps the generations of a file written by this layout', () => {
    const path = writeGeneration(1, READ_MODEL_LAYOUT);
    const again = new Database(path);
    openReadModelDatabase(again);
    expect(again.prepare('SELECT checkpoint FROM projection_generations').pluck().get()).toBe(42);
    expect(tables(again)).toContain('items_g1');
    expect(again.pragma('page_size', { simple: true })).toBe(8192);
    again.close();
  });

  it('adds the checkpoint-event column to a file of this layout written without it', () => {
    const path = writeGeneration(1, READ_MODEL_LAYOUT);
    const old = new Database(path);
    old.exec('ALTER TABLE projection_generations DROP COLUMN checkpoint_event');
    old.close();
    const db = new Database(path);
    openReadModelDatabase(db);
    expect(
      db.prepare('SELECT checkpoint, checkpoint_event FROM projection_generations').get(),
    ).toEqual({ checkpoint: 42, checkpoint_event: null });
    expect(tables(db)).toContain('items_g1');
    db.close();
  });

  it('drops every projection table and generation of an older layout', () => {
    const path = writeGeneration(3, READ_MODEL_LAYOUT - 1);
    const db = new Database(path);
    openReadModelDatabase(db);
    expect(tables(db)).toEqual(['projection_generations']);
    expect(db.prepare('SELECT count(*) FROM projection_generations').pluck().get()).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(READ_MODEL_LAYOUT);
    db.close();
  });

  it('refuses to reset a file that is not a read model, such as the event store', async () => {
    const path = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ path });
    await store.append('item-a', [{ type: 'Noted', data: { n: 1 } }], 'no-stream');
    await store.close();
    const db = new Database(path);
    expect(() => openReadModelDatabase(db)).toThrow(
      /not a read-model file.*events.*READ_MODEL_PATH/,
    );
    db.close();
    const reopened = SqliteEventStore.open({ path });
    expect(await reopened.headPosition()).toBe(1n);
    await reopened.close();
  });
});
