import type Database from 'better-sqlite3';
import type { RowChange, TimelineItemView } from '../../projections';
import {
  filterKeysOf,
  fromItemDoc,
  ftsRowId,
  searchTextOf,
  sortKeyOf,
  spanClassOf,
  toItemDoc,
  type ItemDoc,
} from './item-doc';
import type { ProjectionSink } from './projection-sink';
import { OPEN } from './read-model-schema';

type KeyRange = { first: number | bigint; last: number | bigint };

/** Writes timeline item changes into one generation's bitemporal tables. */
export class TimelineSink implements ProjectionSink<TimelineItemView> {
  private readonly current: Database.Statement<[string], ItemRowRef>;
  private readonly closeItem: Database.Statement;
  private readonly insertItem: Database.Statement;
  private readonly insertDoc: Database.Statement;
  private readonly closeKeys: Database.Statement;
  private readonly insertKey: Database.Statement;
  private readonly insertFts: Database.Statement;
  private readonly insertTime: Database.Statement;
  /** Open key-row ranges of the rows looked up or written since the last apply. */
  private readonly keyRanges = new Map<string, KeyRange>();

  constructor(db: Database.Database, gen: number) {
    const s = `_g${gen}`;
    this.current = db.prepare(
      `SELECT d.doc, i.keys_first AS first, i.keys_last AS last FROM items${s} i
       JOIN item_docs${s} d ON d.row_id = i.row_id WHERE i.item_id = ? AND i.valid_to = ${OPEN}`,
    );
    this.closeItem = db.prepare(
      `UPDATE items${s} SET valid_to = ? WHERE item_id = ? AND valid_to = ${OPEN}`,
    );
    this.insertItem = db.prepare(
      `INSERT INTO items${s} (row_id, item_id, valid_from, valid_to, sort_key, status, type, confidence, earliest, latest, keys_first, keys_last, fts_id)
       VALUES (?, ?, ?, ${OPEN}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDoc = db.prepare(`INSERT INTO item_docs${s} (doc) VALUES (?)`);
    this.closeKeys = db.prepare(
      `UPDATE item_keys${s} SET valid_to = ? WHERE key_id BETWEEN ? AND ? AND valid_to = ${OPEN}`,
    );
    this.insertKey = db.prepare(
      `INSERT INTO item_keys${s} (k, sort_key, item_id, valid_from, valid_to, sides, until, type) VALUES (?, ?, ?, ?, ${OPEN}, ?, ?, ?)`,
    );
    this.insertFts = db.prepare(
      `INSERT INTO item_fts${s} (rowid, headline, summary, quotes, keys) VALUES (?, ?, ?, ?, ?)`,
    );
    this.insertTime = db.prepare(
      `INSERT INTO change_times${s} (recorded_at, position) VALUES (?, ?)
       ON CONFLICT (recorded_at) DO UPDATE SET position = max(position, excluded.position)`,
    );
  }

  lookup(key: string): TimelineItemView | undefined {
    const row = this.current.get(key.slice('item-'.length));
    if (!row) return undefined;
    this.keyRanges.set(key.slice('item-'.length), { first: row.first, last: row.last });
    return fromItemDoc(JSON.parse(row.doc) as ItemDoc);
  }

  apply(changes: readonly RowChange<TimelineItemView>[]): void {
    // One change_times row per distinct recordedAt (the last position at that instant): bulk
    // imports record many events in the same millisecond.
    let instant: string | null = null;
    let last = 0n;
    const documents: [bigint, TimelineItemView, Map<string, number>][] = [];
    for (const change of changes) {
      const keys = filterKeysOf(change.next);
      documents.push([this.applyOne(change, keys), change.next, keys]);
      const at = normaliseInstant(change.recordedAt);
      if (instant !== null && at !== instant) this.insertTime.run(instant, last);
      instant = at;
      last = change.position;
    }
    if (instant !== null) this.insertTime.run(instant, last);
    this.keyRanges.clear();
    // Full-text documents go last. Every statement that needs a statement journal (a multi-row
    // UPDATE, an upsert) opens a savepoint on each virtual table already written in the
    // transaction, and FTS5 answers a savepoint by flushing its pending terms as a new segment:
    // interleaved with the row writes, that was one tiny segment (and its merges) per event.
    // Written last, the batch's terms are flushed once.
    // In rowid order too: FTS5 also flushes whenever a rowid is not above the previous one, and
    // full-text rowids follow the items' days, not the log.
    documents.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [rowId, view, keys] of documents) {
      this.insertFts.run(rowId, ...searchTextOf(view, keys));
    }
  }

  /**
   * Writes the key rows and the new row version; returns the version's full-text rowid. `keys`
   * are next's filter keys (derived once per change: the full-text document needs them too).
   */
  private applyOne(
    { previous, next, position }: RowChange<TimelineItemView>,
    keys: ReadonlyMap<string, number>,
  ): bigint {
    const id = next.itemId;
    const sortKey = sortKeyOf(next);
    const spanClass = spanClassOf(next);
    // Key rows are rewritten only when a key, its sides, the span, the order position or the
    // type (which a correction keeps) change.
    let range = this.keyRanges.get(id);
    if (!previous || !range || keySignature(previous) !== keySignature(next, keys)) {
      if (previous && range) this.closeKeys.run(position, range.first, range.last);
      // The span row goes last: a range always has at least that row.
      const rows = [
        ...[...keys].map(([k, sides]) => [k, sides, null] as const),
        [`s:${spanClass}`, 0, next.latest] as const,
      ];
      const ids = rows.map(
        ([k, sides, until]) =>
          this.insertKey.run(k, sortKey, id, position, sides, until, next.type).lastInsertRowid,
      );
      range = { first: ids[0], last: ids[ids.length - 1] };
    }
    this.keyRanges.set(id, range);
    if (previous) this.closeItem.run(position, id);
    // The document's rowid becomes the row's: both count row versions in log order.
    const rowId = this.insertDoc.run(JSON.stringify(toItemDoc(next))).lastInsertRowid;
    const ftsId = ftsRowId(sortKey, spanClass, rowId);
    this.insertItem.run(
      rowId,
      id,
      position,
      sortKey,
      next.status,
      next.type,
      next.confidence,
      next.earliest,
      next.latest,
      range.first,
      range.last,
      ftsId,
    );
    return ftsId;
  }
}

interface ItemRowRef {
  doc: string;
  first: number;
  last: number;
}

function keySignature(
  view: TimelineItemView,
  keys: ReadonlyMap<string, number> = filterKeysOf(view),
): string {
  const pairs = [...keys].map(([k, sides]) => `${k}=${sides}`);
  return `${view.type}|${sortKeyOf(view)}|${spanClassOf(view)}|${view.latest}|${pairs.join('|')}`;
}

/** recordedAt as `toISOString()` writes it, so instants compare correctly as text. */
export function normaliseInstant(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString();
}
