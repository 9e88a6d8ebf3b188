import type Database from 'better-sqlite3';
import type { ItemDoc } from './item-doc';

/** A parsed, validated /timeline request; every field already checked by timeline-params.ts. */
export interface TimelineQuery {
  /**
   * AND of groups, each an OR of filter keys (`e:<id>`, `c:CN`, `p:topic`); a non-zero `sides`
   * mask (SIDE_BITS) also requires the entity to appear on one of those sides.
   */
  readonly keyGroups: readonly KeyGroup[];
  readonly from: string | null;
  readonly to: string | null;
  readonly within: boolean;
  readonly types: readonly string[];
  readonly confidences: readonly string[];
  /** An FTS5 expression built from quoted words, never the raw user text. */
  readonly match: string | null;
  readonly includeRetracted: boolean;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly after: { readonly sortKey: string; readonly itemId: string } | null;
  /** Answer as of this position (the current rows use an open upper bound). */
  readonly at: bigint;
}

export interface KeyGroup {
  readonly keys: readonly string[];
  readonly sides: number;
}

export interface TimelinePage {
  readonly items: ItemDoc[];
  readonly last: { readonly sortKey: string; readonly itemId: string } | null;
  readonly more: boolean;
}

/**
 * Builds and runs the keyset-paginated timeline query against one generation. The driving table
 * is chosen so SQLite walks an index in (sort_key, item_id) order: a single filter key if there
 * is one, otherwise full-text matches, otherwise the items themselves.
 */
export function runTimelineQuery(
  db: Database.Database,
  gen: number,
  query: TimelineQuery,
): TimelinePage {
  const s = `_g${gen}`;
  const params: (string | bigint | number)[] = [];
  const where: string[] = [];
  const valid = (alias: string) => {
    params.push(query.at, query.at);
    return `${alias}.valid_from <= ? AND ${alias}.valid_to > ?`;
  };
  const driverIndex = query.keyGroups.findIndex((g) => g.keys.length === 1);
  let from: string;
  let d: string;
  if (driverIndex >= 0) {
    d = 'd';
    from = `item_keys${s} d JOIN items${s} i ON i.item_id = d.item_id`;
    const driver = query.keyGroups[driverIndex];
    where.push(driver.sides ? `d.k = ? AND (d.sides & ?) != 0` : `d.k = ?`);
    params.push(driver.keys[0], ...(driver.sides ? [driver.sides] : []));
    where.push(valid('d'));
  } else if (query.match !== null) {
    d = 'i';
    from = `item_fts${s} f JOIN items${s} i ON i.row_id = f.rowid`;
    where.push(`item_fts${s} MATCH ?`);
    params.push(query.match);
  } else {
    d = 'i';
    from = `items${s} i`;
  }
  where.push(valid('i'));
  query.keyGroups.forEach((group, index) => {
    if (index === driverIndex) return;
    where.push(
      `EXISTS (SELECT 1 FROM item_keys${s} x WHERE x.k IN (${group.keys.map(() => '?').join(',')}) AND x.sort_key = i.sort_key AND x.item_id = i.item_id AND x.valid_from <= ? AND x.valid_to > ? AND (? = 0 OR (x.sides & ?) != 0))`,
    );
    params.push(...group.keys, query.at, query.at, group.sides, group.sides);
  });
  if (query.match !== null && driverIndex >= 0) {
    where.push(`i.row_id IN (SELECT rowid FROM item_fts${s} WHERE item_fts${s} MATCH ?)`);
    params.push(query.match);
  }
  if (!query.includeRetracted) where.push(`i.status = 'live'`);
  if (query.types.length > 0) {
    where.push(`i.type IN (${query.types.map(() => '?').join(',')})`);
    params.push(...query.types);
  }
  if (query.confidences.length > 0) {
    where.push(`i.confidence IN (${query.confidences.map(() => '?').join(',')})`);
    params.push(...query.confidences);
  }
  const cond = (sql: string, ...values: string[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (query.within) {
    // Strict containment: both bounds known and inside the range.
    if (query.from !== null) cond(`${d}.sort_key >= ? AND i.earliest >= ?`, query.from, query.from);
    if (query.to !== null) {
      cond(`${d}.sort_key <= ? AND i.latest IS NOT NULL AND i.latest <= ?`, query.to, query.to);
    }
  } else {
    // Overlap of [earliest, latest] (null = open) with [from, to].
    if (query.from !== null) cond(`(i.latest IS NULL OR i.latest >= ?)`, query.from);
    if (query.to !== null) cond(`${d}.sort_key <= ?`, query.to);
  }
  const cmp = query.order === 'asc' ? '>' : '<';
  if (query.after) {
    where.push(`(${d}.sort_key, ${d}.item_id) ${cmp} (?, ?)`);
    params.push(query.after.sortKey, query.after.itemId);
  }
  const dir = query.order === 'asc' ? 'ASC' : 'DESC';
  const sql = `SELECT i.doc AS doc, ${d}.sort_key AS sortKey, ${d}.item_id AS itemId FROM ${from}
    WHERE ${where.join(' AND ')} ORDER BY ${d}.sort_key ${dir}, ${d}.item_id ${dir} LIMIT ?`;
  params.push(query.limit + 1);
  const rows = db.prepare(sql).all(...params) as { doc: string; sortKey: string; itemId: string }[];
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const lastRow = page[page.length - 1];
  return {
    items: page.map((r) => JSON.parse(r.doc) as ItemDoc),
    last: lastRow ? { sortKey: lastRow.sortKey, itemId: lastRow.itemId } : null,
    more,
  };
}

/** The item row valid at `at`, or undefined when the item did not exist then. */
export function findItem(
  db: Database.Database,
  gen: number,
  itemId: string,
  at: bigint,
): ItemDoc | undefined {
  const row = db
    .prepare(`SELECT doc FROM items_g${gen} WHERE item_id = ? AND valid_to > ? AND valid_from <= ?`)
    .get(itemId, at, at) as { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as ItemDoc) : undefined;
}

/** The position the timeline had reached at `instant` (0 when nothing was recorded yet). */
export function positionAtInstant(db: Database.Database, gen: number, instant: string): bigint {
  const row = db
    .prepare(
      `SELECT position AS p FROM change_times_g${gen} WHERE recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1`,
    )
    .safeIntegers(true)
    .get(instant) as { p: bigint } | undefined;
  return row?.p ?? 0n;
}
