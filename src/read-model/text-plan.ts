import type Database from 'better-sqlite3';

/**
 * How a `q` is answered beside a filter key:
 * - `drive`: the word's full-text matches are walked in day order, each checked for the key;
 * - `probe`: the key's rows are walked in order, each asking FTS5 whether its rowid matches;
 * - `semi`: the key's rows are walked in order, checked against the set of the word's matches,
 *   which SQLite collects once per query.
 * Without a filter key the words always drive.
 */
export type TextPlan = 'drive' | 'probe' | 'semi';

/** Tests force a plan to cover each one; null chooses by estimated cost. */
export const TEXT_PLAN: { force: TextPlan | null } = { force: null };

/**
 * Rough costs in µs, measured on a 1M-event read model: a word match checked for the key, a key
 * row joined to its item, FTS5 asked about one rowid, and one match collected for `semi`.
 */
const COST = { textRow: 6, keyRow: 7, probe: 20, collect: 0.2 } as const;

/**
 * A word in more than 5 % of the row versions (and more than this many) is common: a key walk
 * meets a match every few rows, so probing wins, and its full-text walk is slow (FTS5 decodes
 * long doclists even to seek in them).
 */
const COMMON_MIN_DOCS = 1000;

/** Key rows are counted up to here; a key with more is common enough for the words to drive. */
const KEY_COUNT_CAP = 20_000;

export interface TextPlanEstimate {
  /** Row versions in the read model. */
  readonly rows: number;
  /** Documents matching the words, counted up to `commonDocs(rows)` + 1. */
  readonly wordDocs: number;
  /** Rows of the filter key (all versions), counted up to KEY_COUNT_CAP. */
  readonly keyRows: number;
  /** Rows a page needs (limit + 1). */
  readonly page: number;
}

/** Above this many matching documents a word is common. */
export const commonDocs = (rows: number) => Math.max(COMMON_MIN_DOCS, Math.floor(rows / 20));

/**
 * The plan with the least expected work. A walk in one index reads rows until it has a page of
 * rows that also pass the other side; with matches spread evenly that is page × rows / other.
 */
export function cheapestTextPlan({ rows, wordDocs, keyRows, page }: TextPlanEstimate): TextPlan {
  if (wordDocs > commonDocs(rows)) return 'probe';
  if (keyRows >= KEY_COUNT_CAP) return 'drive';
  const walk = (own: number, other: number) => Math.min(own, (page * rows) / Math.max(other, 1));
  const keyWalk = walk(keyRows, wordDocs);
  const cost: Record<TextPlan, number> = {
    drive: walk(wordDocs, keyRows) * COST.textRow,
    probe: keyWalk * (COST.keyRow + COST.probe),
    semi: wordDocs * COST.collect + keyWalk * COST.keyRow,
  };
  return (['drive', 'probe', 'semi'] as const).reduce((a, b) => (cost[b] < cost[a] ? b : a));
}

/**
 * Chooses the plan for `match` beside filter key `key` from capped counts: counting a common
 * word's every document (fts5vocab does) cost more than the query it was to plan.
 */
export function chooseTextPlan(
  db: Database.Database,
  gen: number,
  match: string,
  key: string,
  page: number,
): TextPlan {
  if (TEXT_PLAN.force !== null) return TEXT_PLAN.force;
  const s = `_g${gen}`;
  const rows =
    (db.prepare(`SELECT max(row_id) AS n FROM items${s}`).get() as { n: number | null }).n ?? 0;
  const capped = (sql: string, value: string, cap: number) =>
    db.prepare(`SELECT count(*) FROM (${sql} LIMIT ?)`).pluck().get(value, cap) as number;
  const wordDocs = capped(
    `SELECT 1 FROM item_fts${s} WHERE item_fts${s} MATCH ?`,
    match,
    commonDocs(rows) + 1,
  );
  const keyRows = capped(`SELECT 1 FROM item_keys${s} WHERE k = ?`, key, KEY_COUNT_CAP);
  return cheapestTextPlan({ rows, wordDocs, keyRows, page });
}
