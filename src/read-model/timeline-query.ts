import type Database from 'better-sqlite3';
import {
  daysBefore,
  FTS_ROW_ID_MASK,
  ftsDay,
  keyTokenOf,
  SIDE_BITS,
  ftsDayStart,
  SPAN_CLASS_ORDER,
  type ItemDoc,
} from './item-doc';

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
  /** Only these items (the change feed asks which of the items that changed match). */
  readonly onlyItems?: readonly string[];
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

type Row = { rowId: number; sortKey: string; itemId: string };

/** What a query walks in order. */
type Driver =
  | { readonly kind: 'key'; readonly index: number }
  | { readonly kind: 'span'; readonly key: string; readonly lower: string | null }
  | { readonly kind: 'fts'; readonly lo: bigint; readonly hi: bigint; readonly all: boolean }
  | { readonly kind: 'items'; readonly lastRow: number; readonly scanPrefix: boolean };

/**
 * Runs the keyset-paginated timeline query against one generation. The driver is chosen so that
 * SQLite walks an index in (sort_key, item_id) order: a single filter key if there is one (unless
 * a rarer word is asked for), else the full-text matches (in day order), else, for a date-range
 * overlap, one walk per span class (merged here), else the items themselves.
 */
export function runTimelineQuery(
  db: Database.Database,
  gen: number,
  query: TimelineQuery,
): TimelinePage {
  const keyIndex = query.keyGroups.findIndex((g) => g.keys.length === 1);
  const overlap = query.from !== null && !query.within;
  let rows: Row[];
  // Words always drive: the filter keys join them inside FTS5 (one doclist intersection), and
  // a date range bounds each span class's full-text walk as tightly as the span-key walks.
  if (query.match !== null) {
    rows = byText(db, gen, { ...query, match: withKeyTokens(query.match, query.keyGroups) });
  } else if (keyIndex >= 0) rows = select(db, gen, query, { kind: 'key', index: keyIndex });
  else if (overlap) {
    const from = query.from!;
    const branches = SPAN_CLASS_ORDER.map(([c, max]) => ({
      key: `s:${c}`,
      lower: max === null ? null : daysBefore(from, max),
    }));
    rows = inOrder(
      branches.flatMap((b) => select(db, gen, query, { kind: 'span', ...b })),
      query,
    );
  } else rows = select(db, gen, query, { kind: 'items', ...itemsPlan(db, gen, query) });
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const lastRow = page[page.length - 1];
  // Documents are read only for the page: the plans above sort narrow (rowId, key) tuples.
  const docs = new Map(
    (
      db
        .prepare(
          `SELECT row_id AS rowId, doc FROM item_docs_g${gen} WHERE row_id IN (${page.map(() => '?').join(',')})`,
        )
        .all(...page.map((r) => r.rowId)) as { rowId: number; doc: string }[]
    ).map((r) => [r.rowId, r.doc]),
  );
  return {
    items: page.map((r) => JSON.parse(docs.get(r.rowId)!) as ItemDoc),
    last: lastRow ? { sortKey: lastRow.sortKey, itemId: lastRow.itemId } : null,
    more,
  };
}

/**
 * Full-text matches come out of FTS5 in rowid order: per span class, day order (see ftsRowId),
 * but not itemId order within a day. Each class gives its exact first page (classPage); the
 * union of the classes holds the exact page. Once the page is full, a later class is only read
 * up to the page's last day, so classes the page does not reach cost one empty index seek.
 */
function byText(db: Database.Database, gen: number, query: TimelineQuery): Row[] {
  let rows: Row[] = [];
  SPAN_CLASS_ORDER.forEach(([, maxSpan], index) => {
    const cls = BigInt(index);
    const reached = rows.length > query.limit ? rows[query.limit].sortKey : null;
    const { lo, hi } = textRange(query, cls, maxSpan, reached);
    if (lo < hi) rows = inOrder([...rows, ...classPage(db, gen, query, cls, lo, hi)], query);
  });
  return rows;
}

/**
 * One span class's first page + 1 matches in [lo, hi), then every match of the last day reached:
 * every earlier day of the class is then complete.
 */
function classPage(
  db: Database.Database,
  gen: number,
  query: TimelineQuery,
  cls: bigint,
  lo: bigint,
  hi: bigint,
): Row[] {
  const first = select(db, gen, query, { kind: 'fts', lo, hi, all: false });
  if (first.length <= query.limit) return first;
  // A day's rows share one sort key (a day, or '' for no lower bound).
  const lastKey = first[first.length - 1].sortKey;
  const day = ftsDay(lastKey);
  const lastDay: Driver = {
    kind: 'fts',
    lo: ftsDayStart(cls, day),
    hi: ftsDayStart(cls, day + 1n),
    all: true,
  };
  return [...first.filter((r) => r.sortKey !== lastKey), ...select(db, gen, query, lastDay)];
}

/**
 * The full-text rowids of one span class that can hold the query's matches: [lo, hi). `reached`
 * is the sort key of a full page's last row, past which the class cannot add to the page.
 */
function textRange(
  query: TimelineQuery,
  cls: bigint,
  maxSpan: number | null,
  reached: string | null,
): { lo: bigint; hi: bigint } {
  let lo = ftsDayStart(cls, 0n);
  let hi = ftsDayStart(cls + 1n, 0n);
  const atLeast = (day: bigint) => {
    if (day > 0n && ftsDayStart(cls, day) > lo) lo = ftsDayStart(cls, day);
  };
  const before = (day: bigint) => {
    if (ftsDayStart(cls, day) < hi) hi = ftsDayStart(cls, day);
  };
  if (query.to !== null) before(ftsDay(query.to) + 1n);
  if (query.from !== null) {
    // Contained: starts on or after `from`. Overlapping: ends on or after it, so an item of a
    // class that spans at most maxSpan days starts at most that many days before.
    if (query.within) atLeast(ftsDay(query.from));
    else if (maxSpan !== null) atLeast(ftsDay(daysBefore(query.from, maxSpan)));
  }
  // Pages start after the cursor; a full page ends at its last row (that day included).
  if (query.after) {
    const day = ftsDay(query.after.sortKey);
    if (query.order === 'asc') atLeast(day);
    else before(day + 1n);
  }
  if (reached !== null) {
    const day = ftsDay(reached);
    if (query.order === 'asc') before(day + 1n);
    else atLeast(day);
  }
  return { lo, hi };
}

/** Sorts by (sort_key, item_id) in the query's direction and keeps a page + 1. */
function inOrder(rows: Row[], query: TimelineQuery): Row[] {
  const sign = query.order === 'asc' ? 1 : -1;
  return rows
    .sort((x, y) => sign * (compare(x.sortKey, y.sortKey) || compare(x.itemId, y.itemId)))
    .slice(0, query.limit + 1);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * For an asOf early in the log few row versions existed yet, and walking the order index would
 * skip nearly every row. Rows are inserted in log order, so `valid_from <= at` is exactly
 * `row_id <= lastRow`: when that prefix is small, scanning it by rowid and sorting beats the
 * walk (expected walk length ≈ page × rows / prefix, so switch when prefix² < page × rows).
 * `factor` scales the switch point: tests set 0 (always scan) or Infinity (never).
 */
export const AS_OF_PLAN = { factor: 1 };

function itemsPlan(
  db: Database.Database,
  gen: number,
  query: TimelineQuery,
): { lastRow: number; scanPrefix: boolean } {
  const maxRow = lastRowId(db, gen);
  const lo = lastRowAt(db, gen, query.at, maxRow);
  const scanPrefix = lo * lo * AS_OF_PLAN.factor < (query.limit + 1) * maxRow;
  return { lastRow: lo, scanPrefix };
}

function lastRowId(db: Database.Database, gen: number): number {
  return (
    (db.prepare(`SELECT max(row_id) AS n FROM items_g${gen}`).get() as { n: number | null }).n ?? 0
  );
}

/**
 * The largest row id whose valid_from <= at (0 when none), by binary search over the rowid
 * B-tree: rows are inserted in log order, so row ids and valid_from rise together.
 */
function lastRowAt(db: Database.Database, gen: number, at: bigint, maxRow: number): number {
  const validFrom = db
    .prepare(`SELECT valid_from FROM items_g${gen} WHERE row_id >= ? ORDER BY row_id LIMIT 1`)
    .pluck()
    .safeIntegers(true);
  let lo = 0;
  let hi = maxRow;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const from = validFrom.get(mid) as bigint | undefined;
    if (from === undefined || from > at) hi = mid - 1;
    else lo = mid;
  }
  return lo;
}

/**
 * The query's words AND, for each key group, any of its keys (on one of its sides) as the
 * full-text tokens every document carries (keyTokenOf). The key rows are still checked on the
 * few rows that come out; FTS5 only finds them without walking either side alone.
 */
export function withKeyTokens(match: string, groups: readonly KeyGroup[]): string {
  const sideBits = (sides: number) =>
    sides === 0 ? [0] : Object.values(SIDE_BITS).filter((bit) => (sides & bit) !== 0);
  const anyOf = ({ keys, sides }: KeyGroup) =>
    keys.flatMap((key) => sideBits(sides).map((bit) => `"${keyTokenOf(key, bit)}"`)).join(' OR ') ||
    '"_knone"'; // no keys: a token no document has (no side mark is n)
  return [`(${match})`, ...groups.map((group) => `(${anyOf(group)})`)].join(' AND ');
}

function select(db: Database.Database, gen: number, query: TimelineQuery, driver: Driver): Row[] {
  const s = `_g${gen}`;
  const where: string[] = [];
  const params: (string | bigint | number)[] = [];
  const cond = (sql: string, ...values: (string | bigint | number)[]) => {
    where.push(sql);
    params.push(...values);
  };
  const valid = (alias: string) => `${alias}.valid_from <= ? AND ${alias}.valid_to > ?`;
  const keyed = driver.kind === 'key' || driver.kind === 'span';
  const d = keyed ? 'd' : 'i';
  let from = `items${s} i`;
  if (keyed) from = `item_keys${s} d JOIN items${s} i ON i.item_id = d.item_id`;
  if (driver.kind === 'fts') {
    from = `item_fts${s} f JOIN items${s} i ON i.row_id = (f.rowid & ${FTS_ROW_ID_MASK})`;
    cond(`item_fts${s} MATCH ?`, query.match!);
    // Bounds on the rowid let FTS5 seek to the class and day instead of filtering row by row.
    cond(`f.rowid >= ? AND f.rowid < ?`, driver.lo, driver.hi);
  }
  if (driver.kind === 'items') {
    // Always true for the rows the answer can hold; NOT INDEXED makes SQLite scan the prefix.
    if (driver.scanPrefix) from = `items${s} i NOT INDEXED`;
    cond(`i.row_id <= ?`, driver.lastRow);
  }
  if (driver.kind === 'key') {
    const group = query.keyGroups[driver.index];
    cond(`d.k = ? AND (? = 0 OR (d.sides & ?) != 0)`, group.keys[0], group.sides, group.sides);
  }
  if (driver.kind === 'span') {
    cond(`d.k = ? AND (d.until IS NULL OR d.until >= ?)`, driver.key, query.from!);
    if (driver.lower !== null) cond(`d.sort_key >= ?`, driver.lower);
  }
  if (keyed) cond(valid('d'), query.at, query.at);
  cond(valid('i'), query.at, query.at);
  query.keyGroups.forEach((group, index) => {
    if (driver.kind === 'key' && index === driver.index) return;
    cond(
      `EXISTS (SELECT 1 FROM item_keys${s} x WHERE x.k IN (${group.keys.map(() => '?').join(',')}) AND x.sort_key = i.sort_key AND x.item_id = i.item_id AND ${valid('x')} AND (? = 0 OR (x.sides & ?) != 0))`,
      ...group.keys,
      query.at,
      query.at,
      group.sides,
      group.sides,
    );
  });
  if (query.onlyItems) {
    cond(`i.item_id IN (${query.onlyItems.map(() => '?').join(',')})`, ...query.onlyItems);
  }
  if (!query.includeRetracted) cond(`i.status = 'live'`);
  if (query.types.length > 0) {
    // On a key walk, from the key row: the index answers it before any item row is read.
    cond(`${d}.type IN (${query.types.map(() => '?').join(',')})`, ...query.types);
  }
  if (query.confidences.length > 0) {
    cond(`i.confidence IN (${query.confidences.map(() => '?').join(',')})`, ...query.confidences);
  }
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
    cond(`(${d}.sort_key, ${d}.item_id) ${cmp} (?, ?)`, query.after.sortKey, query.after.itemId);
  }
  const dir = query.order === 'asc' ? 'ASC' : 'DESC';
  const order =
    driver.kind === 'fts' ? `f.rowid ${dir}` : `${d}.sort_key ${dir}, ${d}.item_id ${dir}`;
  // A whole day of full-text matches has no limit (-1 in SQLite).
  const limit = driver.kind === 'fts' && driver.all ? -1 : query.limit + 1;
  const sql = `SELECT i.row_id AS rowId, ${d}.sort_key AS sortKey, ${d}.item_id AS itemId FROM ${from}
    WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`;
  return db.prepare(sql).all(...params, limit) as Row[];
}

/** The item row valid at `at`, or undefined when the item did not exist then. */
export function findItem(
  db: Database.Database,
  gen: number,
  itemId: string,
  at: bigint,
): ItemDoc | undefined {
  const row = db
    .prepare(
      `SELECT d.doc FROM items_g${gen} i JOIN item_docs_g${gen} d ON d.row_id = i.row_id
       WHERE i.item_id = ? AND i.valid_to > ? AND i.valid_from <= ?`,
    )
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

/**
 * Every item version that began in (after, upTo], oldest first, at most `limit`: the changes
 * the change feed sends next. Each version starts at its event's position.
 */
export function changedItems(
  db: Database.Database,
  gen: number,
  after: bigint,
  upTo: bigint,
  limit: number,
): { itemId: string; position: bigint }[] {
  // No index on valid_from: the versions after `after` are the rowids after the last one at it.
  const firstRow = lastRowAt(db, gen, after, lastRowId(db, gen)) + 1;
  return db
    .prepare(
      `SELECT item_id AS itemId, valid_from AS position FROM items_g${gen}
       WHERE row_id >= ? AND valid_from <= ? ORDER BY row_id LIMIT ?`,
    )
    .safeIntegers(true)
    .all(firstRow, upTo, limit)
    .map((row) => {
      const r = row as { itemId: string; position: bigint };
      return { itemId: r.itemId, position: r.position };
    });
}
