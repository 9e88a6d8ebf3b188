import type Database from 'better-sqlite3';

/**
 * Tables of the read-model file. Each projection generation gets its own tables (suffix `_g<n>`),
 * so a rebuild fills new tables while the active generation keeps answering queries.
 *
 * Bitemporal rows: every version of a row is valid from the position of the event that produced
 * it (inclusive) to the position of the event that replaced it (exclusive); the current version
 * has valid_to = OPEN. "As of position p" is `valid_from <= p AND valid_to > p`.
 */
export const OPEN = 9223372036854775807n;

/**
 * The table layout this code reads and writes. A file written by another layout is emptied at
 * start and every projection rebuilds from position 0 (serving partial answers meanwhile):
 * side-by-side rebuilds only cover a changed projection, not tables the code can no longer read.
 */
export const READ_MODEL_LAYOUT = 6;

export function openReadModelDatabase(db: Database.Database): void {
  // Only effective on a new file. Item documents are ~2.5 KB: a 4 KB page holds one of them and
  // wastes a third of the file; 8 KB pages hold three. Larger pages rebuild no faster and make
  // each small live batch write more WAL (every touched index leaf is a whole page).
  db.pragma('page_size = 8192');
  db.pragma('journal_mode = WAL');
  // The read model can always be rebuilt from the store, so a lost tail after a power cut is
  // acceptable; the checkpoint is written in the same transaction as the rows it covers.
  db.pragma('synchronous = NORMAL');
  // 32 MB: also the in-memory limit of the sorter that builds the deferred indexes (peak RSS).
  db.pragma('cache_size = -32768');
  // Checkpoint the WAL less often: hot index pages written by many batches are copied once.
  // (ReadModelService checkpoints from a worker; WalCheckpointer raises this to a backstop.)
  db.pragma('wal_autocheckpoint = 2048');
  // temp_store stays FILE: building the deferred indexes sorts millions of rows, which must
  // spill to disk instead of growing the process.
  if (db.pragma('user_version', { simple: true }) !== READ_MODEL_LAYOUT) dropEverything(db);
  createGenerationsTable(db);
}

function createGenerationsTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS projection_generations (
    name TEXT NOT NULL,
    gen INTEGER NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('active', 'building', 'retired')),
    checkpoint INTEGER NOT NULL DEFAULT 0,
    -- The event at the checkpoint as JSON { stream, version, hash } (CheckpointEvent): proves at
    -- start that the file was built from this event store (see readModelMatchesStore).
    checkpoint_event TEXT,
    -- The storage revision the generation was written with (ProjectionStorage.revision).
    revision INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (name, gen)
  )`);
  // Files written before these columns existed gain them: their checkpoints are then checked by
  // position only, and their generations count as revision 0 (rebuilt if the code wants another).
  const columns = db.prepare('PRAGMA table_info(projection_generations)').all() as {
    name: string;
  }[];
  const added = [
    ['checkpoint_event', 'TEXT'],
    ['revision', 'INTEGER NOT NULL DEFAULT 0'],
  ] as const;
  for (const [name, type] of added) {
    if (!columns.some((c) => c.name === name)) {
      db.exec(`ALTER TABLE projection_generations ADD COLUMN ${name} ${type}`);
    }
  }
  db.pragma(`user_version = ${READ_MODEL_LAYOUT}`);
}

/** Empties the file as a layout change does: every projection then rebuilds from position 0. */
export function resetReadModel(db: Database.Database): void {
  dropEverything(db);
  createGenerationsTable(db);
}

/** A projection generation's table (or an FTS5 shadow table of one), or the generations list. */
const READ_MODEL_TABLE = /^(projection_generations|[a-z_]+_g\d+(_[a-z]+)?)$/;

function dropEverything(db: Database.Database): void {
  const tables = () =>
    db
      .prepare(
        `SELECT name, sql FROM sqlite_master
         WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
      )
      .all() as { name: string; sql: string }[];
  // READ_MODEL_PATH pointed at another file (the event store's, say) must never be emptied.
  const foreign = tables().filter((t) => !READ_MODEL_TABLE.test(t.name));
  if (foreign.length > 0) {
    throw new Error(
      `${db.name} is not a read-model file (it has tables ${foreign.map((t) => t.name).join(', ')}); ` +
        'refusing to reset it: check READ_MODEL_PATH',
    );
  }
  db.transaction(() => {
    // Virtual tables first (fts5vocab before the FTS table it reads): they own shadow tables.
    const virtual = tables().filter((t) => t.sql.startsWith('CREATE VIRTUAL'));
    virtual.sort(
      (a, b) => Number(b.sql.includes('fts5vocab')) - Number(a.sql.includes('fts5vocab')),
    );
    for (const { name } of virtual) db.exec(`DROP TABLE IF EXISTS "${name}"`);
    for (const { name } of tables()) db.exec(`DROP TABLE IF EXISTS "${name}"`);
  })();
}

/**
 * What the timeline's full-text index holds beyond its rows (ProjectionStorage.revision): a
 * generation written with another revision is rebuilt side by side. 0: words as written. 1:
 * Porter-stemmed English words, '_' a word separator in the text.
 */
export const TIMELINE_TEXT_REVISION = 1;

/**
 * FTS5 merges a level's segments once it holds this many (its 'automerge'). Catch-up commits a
 * segment per slice; merging them 4 at a time rewrote each document's terms at every level, and
 * 16 cut the full-text cost of a 100k rebuild by ~20 % with the final compaction included. Live
 * writes go back to FTS5's default of 4, since every MATCH opens each segment.
 */
const BULK_AUTOMERGE = 16;
const LIVE_AUTOMERGE = 4;

function setTextAutomerge(db: Database.Database, gen: number, segments: number): void {
  // BigInt: a JS number is bound as a REAL, which FTS5 refuses for a setting.
  db.prepare(`INSERT INTO item_fts_g${gen} (item_fts_g${gen}, rank) VALUES ('automerge', ?)`).run(
    BigInt(segments),
  );
}

export function createTimelineTables(db: Database.Database, gen: number): void {
  const s = `_g${gen}`;
  const fresh = !db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(`item_fts${s}`);
  db.exec(`
    CREATE TABLE IF NOT EXISTS items${s} (
      row_id INTEGER PRIMARY KEY,
      item_id TEXT NOT NULL,
      valid_from INTEGER NOT NULL,
      valid_to INTEGER NOT NULL,
      sort_key TEXT NOT NULL,
      status TEXT NOT NULL,
      type TEXT NOT NULL,
      confidence TEXT NOT NULL,
      earliest TEXT,
      latest TEXT,
      -- The item's open item_keys rows are the contiguous rowid range [keys_first, keys_last].
      keys_first INTEGER NOT NULL,
      keys_last INTEGER NOT NULL,
      -- This version's full-text rowid (ftsRowId): span class and day in the high bits, row_id
      -- in the low.
      fts_id INTEGER NOT NULL
    );
    -- The documents apart from the rows the queries filter on: a filtered walk then reads
    -- ~100-byte rows, and only the page of results reads documents.
    CREATE TABLE IF NOT EXISTS item_docs${s} (
      row_id INTEGER PRIMARY KEY,
      doc TEXT NOT NULL
    );
    -- One row per filter key of an item (e:<entity> with side bits, c:<country>, p:<topic>,
    -- s:<span class> with the latest day), with its own validity: a correction that leaves the
    -- keys alone writes nothing here. Its (k, sort_key, item_id) index is built once catch-up
    -- is done (indexTimelineTables): bulk-sorting beats millions of random B-tree inserts.
    -- The item's fact type rides along (it never changes), so a type filter is checked in the
    -- index and only matching key rows are joined to their item.
    CREATE TABLE IF NOT EXISTS item_keys${s} (
      key_id INTEGER PRIMARY KEY,
      k TEXT NOT NULL,
      sort_key TEXT NOT NULL,
      item_id TEXT NOT NULL,
      valid_from INTEGER NOT NULL,
      valid_to INTEGER NOT NULL,
      sides INTEGER NOT NULL,
      until TEXT,
      type TEXT NOT NULL
    );
    -- One document per items row version (rowid = items.fts_id), so full-text matches inherit
    -- the row's validity and come out of a MATCH in day order. Contentless, no positions
    -- (detail=none): q is an AND of words, never a phrase, so the index stays small and cheap.
    -- No column sizes either (columnsize=0): results are ordered by day, never ranked by bm25.
    -- The keys column holds the item's filter keys as tokens (keyTokenOf); '_' is a token
    -- character so that each key stays one token (searchTextOf keeps it out of the text).
    -- Porter stemming (TIMELINE_TEXT_REVISION 1): "sanction" finds "sanctions", "sanctioned".
    CREATE VIRTUAL TABLE IF NOT EXISTS item_fts${s} USING fts5(
      headline, summary, quotes, keys, content='', detail=none, columnsize=0,
      tokenize="porter unicode61 remove_diacritics 2 tokenchars '_'"
    );
    -- recordedAt -> the last position recorded at that instant, for every event that changed a
    -- row: turns an RFC 3339 asOf into a position without touching the event store.
    CREATE TABLE IF NOT EXISTS change_times${s} (
      recorded_at TEXT PRIMARY KEY,
      position INTEGER NOT NULL
    ) WITHOUT ROWID;
  `);
  // During catch-up the sink finds an item's rows by a narrow index: validity left out, closing
  // a row version (UPDATE valid_to) touches no index. indexTimelineTables replaces it.
  if (!hasIndex(db, `items${s}_by_item_covering`)) {
    db.exec(`CREATE INDEX IF NOT EXISTS items${s}_by_item ON items${s} (item_id)`);
  }
  // A new generation starts with a catch-up; indexTimelineTables sets the live value back.
  if (fresh) setTextAutomerge(db, gen, BULK_AUTOMERGE);
}

const hasIndex = (db: Database.Database, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) !==
  undefined;

/**
 * What catch-up deferred (idempotent): the order indexes, without which queries are correct,
 * only slower, and FTS5's live merge setting. Every key walk joins its key rows to the item's
 * versions by item_id: an index holding what the filters read answers that join without the
 * table row (a 1M text + entity walk went from ~38 to ~22 ms); it replaces the narrow one.
 */
export function indexTimelineTables(db: Database.Database, gen: number): void {
  const s = `_g${gen}`;
  db.exec(`CREATE INDEX IF NOT EXISTS item_keys${s}_by_key
    ON item_keys${s} (k, sort_key, item_id, valid_from, valid_to, sides, until, type);
    CREATE INDEX IF NOT EXISTS items${s}_by_sort ON items${s} (sort_key, item_id);
    CREATE INDEX IF NOT EXISTS items${s}_by_item_covering ON items${s}
      (item_id, valid_to, valid_from, status, fts_id, type, confidence, earliest, latest, sort_key);
    DROP INDEX IF EXISTS items${s}_by_item;`);
  setTextAutomerge(db, gen, LIVE_AUTOMERGE);
}

/**
 * One step of merging the full-text index into a single segment (FTS5 'merge' with a negative
 * page budget); true while work remains. Catch-up leaves one segment per committed slice and
 * every MATCH opens each segment: ~200 µs a query with the ~10 segments of a 1M rebuild, ~30 µs
 * with one. 200 pages keep a step near 25 ms. FTS5 adds 2 or more to total_changes() when a
 * merge step did work, 1 when there was nothing left to merge.
 */
export function compactTimelineText(db: Database.Database, gen: number): boolean {
  const before = db.prepare('SELECT total_changes()').pluck().get() as number;
  db.prepare(`INSERT INTO item_fts_g${gen} (item_fts_g${gen}, rank) VALUES ('merge', -200)`).run();
  return (db.prepare('SELECT total_changes()').pluck().get() as number) - before >= 2;
}

export function dropTimelineTables(db: Database.Database, gen: number): void {
  const s = `_g${gen}`;
  for (const table of [
    'items',
    'item_docs',
    'item_keys',
    // No longer created (queries stopped asking which words are common); dropped for files
    // that still have it.
    'item_fts_terms',
    'item_fts',
    'change_times',
  ]) {
    db.exec(`DROP TABLE IF EXISTS ${table}${s}`);
  }
}

export function createEntityTables(db: Database.Database, gen: number): void {
  const s = `_g${gen}`;
  db.exec(`
    CREATE TABLE IF NOT EXISTS entities${s} (
      entity_id TEXT PRIMARY KEY,
      last_position INTEGER NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS entity_names${s} (
      name TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      weak INTEGER NOT NULL,
      PRIMARY KEY (name, entity_id)
    ) WITHOUT ROWID;
  `);
}

export function dropEntityTables(db: Database.Database, gen: number): void {
  for (const table of ['entities', 'entity_names'])
    db.exec(`DROP TABLE IF EXISTS ${table}_g${gen}`);
}
