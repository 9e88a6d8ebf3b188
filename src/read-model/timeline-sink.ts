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
  private readonly closeText: Database.Statement;
  private readonly insertText: Database.Statement;
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
      `INSERT INTO item_keys${s} (k, sort_key, item_id, valid_from, valid_to) VALUES (?, ?, ?, ?, ${OPEN})`,
    );
    this.closeText = db.prepare(
      `UPDATE item_texts${s} SET valid_to = ? WHERE item_id = ? AND valid_to = ${OPEN}`,
    );
    this.insertText = db.prepare(
      `INSERT INTO item_texts${s} (item_id, sort_key, valid_from, valid_to) VALUES (?, ?, ?, ${OPEN})`,
    );
    this.insertFts = db.prepare(
      `INSERT INTO item_fts${s} (rowid, headline, summary, quotes) VALUES (?, ?, ?, ?)`,
    );
    this.insertTime = db.prepare(
      `INSERT OR IGNORE INTO change_times${s} (position, recorded_at) VALUES (?, ?)`,
    );
  }

  lookup(key: string): TimelineItemView | undefined {
    const row = this.current.get(key.slice('item-'.length));
    return row ? fromItemDoc(JSON.parse(row.doc) as ItemDoc) : undefined;
  }

  apply(changes: readonly RowChange<TimelineItemView>[]): void {
    for (const change of changes) this.applyOne(change);
  }

  private applyOne({ previous, next, position, recordedAt }: RowChange<TimelineItemView>): void {
    const id = next.itemId;
    const sortKey = sortKeyOf(next);
    if (previous) this.closeItem.run(position, id);
    this.insertItem.run(
      id,
      position,
      sortKey,
      next.status,
      next.type,
      next.confidence,
      next.earliest,
      next.latest,
      JSON.stringify(toItemDoc(next)),
    );

    const oldSort = previous ? sortKeyOf(previous) : null;
    const oldKeys = new Set(previous ? filterKeysOf(previous) : []);
    const newKeys = new Set(filterKeysOf(next));
    const moved = oldSort !== sortKey;
    for (const k of oldKeys)
      if (moved || !newKeys.has(k)) this.closeKey.run(position, k, oldSort, id);
    for (const k of newKeys)
      if (moved || !oldKeys.has(k)) this.insertKey.run(k, sortKey, id, position);

    const text = searchTextOf(next);
    const oldText = previous ? searchTextOf(previous) : null;
    if (moved || !oldText || oldText.some((part, i) => part !== text[i])) {
      if (previous) this.closeText.run(position, id);
      const textId = this.insertText.run(id, sortKey, position).lastInsertRowid;
      this.insertFts.run(textId, ...text);
    }
    this.insertTime.run(position, normaliseInstant(recordedAt));
  }
}

/** recordedAt as `toISOString()` writes it, so instants compare correctly as text. */
export function normaliseInstant(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString();
}
