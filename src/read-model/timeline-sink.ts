import type Database from 'better-sqlite3';
import type { RowChange, TimelineItemView } from '../../projections';
import {
  filterKeysOf,
  fromItemDoc,
  searchTextOf,
  sortKeyOf,
  toItemDoc,
  type ItemDoc,
} from './item-doc';
import { OPEN } from './read-model-schema';
import type { ProjectionSink } from './projection-sink';

/** Writes timeline item changes into one generation's bitemporal tables. */
export class TimelineSink implements ProjectionSink<TimelineItemView> {
  private readonly current: Database.Statement<[string], { doc: string }>;
  private readonly closeItem: Database.Statement;
  private readonly insertItem: Database.Statement;
  private readonly closeKey: Database.Statement;
  private readonly insertKey: Database.Statement;
  private readonly insertFts: Database.Statement;
  private readonly insertTime: Database.Statement;

  constructor(db: Database.Database, gen: number) {
    const s = `_g${gen}`;
    this.current = db.prepare(`SELECT doc FROM items${s} WHERE item_id = ? AND valid_to = ${OPEN}`);
    this.closeItem = db.prepare(
      `UPDATE items${s} SET valid_to = ? WHERE item_id = ? AND valid_to = ${OPEN}`,
    );
    this.insertItem = db.prepare(
      `INSERT INTO items${s} (item_id, valid_from, valid_to, sort_key, status, type, confidence, earliest, latest, doc)
       VALUES (?, ?, ${OPEN}, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.closeKey = db.prepare(
      `UPDATE item_keys${s} SET valid_to = ? WHERE k = ? AND sort_key = ? AND item_id = ? AND valid_to = ${OPEN}`,
    );
    this.insertKey = db.prepare(
      `INSERT INTO item_keys${s} (k, sort_key, item_id, valid_from, valid_to, sides) VALUES (?, ?, ?, ?, ${OPEN}, ?)`,
    );
    this.insertFts = db.prepare(
      `INSERT INTO item_fts${s} (rowid, headline, summary, quotes) VALUES (?, ?, ?, ?)`,
    );
    this.insertTime = db.prepare(
      `INSERT INTO change_times${s} (recorded_at, position) VALUES (?, ?)
       ON CONFLICT (recorded_at) DO UPDATE SET position = max(position, excluded.position)`,
    );
  }

  lookup(key: string): TimelineItemView | undefined {
    const row = this.current.get(key.slice('item-'.length));
    return row ? fromItemDoc(JSON.parse(row.doc) as ItemDoc) : undefined;
  }

  apply(changes: readonly RowChange<TimelineItemView>[]): void {
    // One change_times row per distinct recordedAt (the last position at that instant): bulk
    // imports record many events in the same millisecond.
    let instant: string | null = null;
    let last = 0n;
    for (const change of changes) {
      this.applyOne(change);
      const at = normaliseInstant(change.recordedAt);
      if (instant !== null && at !== instant) this.insertTime.run(instant, last);
      instant = at;
      last = change.position;
    }
    if (instant !== null) this.insertTime.run(instant, last);
  }

  private applyOne({ previous, next, position }: RowChange<TimelineItemView>): void {
    const id = next.itemId;
    const sortKey = sortKeyOf(next);
    if (previous) this.closeItem.run(position, id);
    const rowId = this.insertItem.run(
      id,
      position,
      sortKey,
      next.status,
      next.type,
      next.confidence,
      next.earliest,
      next.latest,
      JSON.stringify(toItemDoc(next)),
    ).lastInsertRowid;

    // Key rows change only when the key, its sides or the item's place in the order change.
    const oldSort = previous ? sortKeyOf(previous) : null;
    const oldKeys = previous ? filterKeysOf(previous) : new Map<string, number>();
    const newKeys = filterKeysOf(next);
    const moved = oldSort !== sortKey;
    for (const [k, sides] of oldKeys) {
      if (moved || newKeys.get(k) !== sides) this.closeKey.run(position, k, oldSort, id);
    }
    for (const [k, sides] of newKeys) {
      if (moved || oldKeys.get(k) !== sides) this.insertKey.run(k, sortKey, id, position, sides);
    }

    this.insertFts.run(rowId, ...searchTextOf(next));
  }
}

/** recordedAt as `toISOString()` writes it, so instants compare correctly as text. */
export function normaliseInstant(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString();
}
