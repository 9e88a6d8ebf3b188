import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fromItemDoc, searchTextOf, type ItemDoc } from '../../src/read-model/item-doc';
import {
  createTimelineTables,
  openReadModelDatabase,
} from '../../src/read-model/read-model-schema';
import { bar } from './bench-io';

/**
 * A floor of the rebuild: what SQLite FTS5 alone takes to index the documents of a built read
 * model, in one transaction (a rebuild commits every slice, so it pays more), into a fresh file.
 * Two passes over the same documents, one deriving the text only and one also indexing it, so
 * the figure is FTS5's share alone. Returns µs per event of the log (not per document).
 */
export function textIndexFloor(readModelPath: string, scratchPath: string, events: number): number {
  const source = new Database(readModelPath, { readonly: true });
  const gen = (
    source
      .prepare(
        `SELECT gen FROM projection_generations WHERE name = 'timeline-items' AND state = 'active'`,
      )
      .get() as { gen: number }
  ).gen;
  const documents = source.prepare(
    `SELECT i.fts_id AS id, d.doc AS doc FROM items_g${gen} i JOIN item_docs_g${gen} d USING (row_id) ORDER BY i.fts_id`,
  );
  const count = (source.prepare(`SELECT count(*) AS n FROM items_g${gen}`).get() as { n: number })
    .n;
  const target = new Database(scratchPath);
  openReadModelDatabase(target);
  createTimelineTables(target, 1);
  const insert = target.prepare(
    `INSERT INTO item_fts_g1 (rowid, headline, summary, quotes, keys) VALUES (?, ?, ?, ?, ?)`,
  );
  const pass = (label: string, index: boolean): number => {
    const progress = bar(label, count);
    const t0 = performance.now();
    let n = 0;
    target.transaction(() => {
      for (const row of documents.safeIntegers(true).iterate() as Iterable<{
        id: bigint;
        doc: string;
      }>) {
        const text = searchTextOf(fromItemDoc(JSON.parse(row.doc) as ItemDoc));
        if (index) insert.run(row.id, ...text);
        if (++n % 10_000 === 0) progress.update(n);
      }
    })();
    progress.update(n);
    progress.stop();
    return performance.now() - t0;
  };
  try {
    const deriveOnly = pass('floor: deriving full text', false);
    const withIndex = pass('floor: indexing full text', true);
    return ((withIndex - deriveOnly) * 1000) / events;
  } finally {
    source.close();
    target.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratchPath}${suffix}`, { force: true });
  }
}
