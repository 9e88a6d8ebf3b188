import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WalCheckpointer } from '../../src/shared/wal-checkpointer';

/** A WAL is copied back into the main file by a worker, not by the writer. */

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('WalCheckpointer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'checkpointer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves committed pages into the main file while the writer never checkpoints', async () => {
    const path = join(dir, 'rm.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT)');
    db.pragma('wal_autocheckpoint = 2000');
    const checkpointer = WalCheckpointer.start(db, 10)!;
    // The writer's own threshold is raised far above what this test writes.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16000);
    const before = statSync(path).size;
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i += 1) insert.run('x'.repeat(500));
    })();
    await until(() => statSync(path).size > before + 500_000);
    await checkpointer.stop();
    // Stopping leaves the writer's connection usable.
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2000);
    db.close();
  });

  it('does nothing for an in-memory database', () => {
    const db = new Database(':memory:');
    expect(WalCheckpointer.start(db)).toBeNull();
    db.close();
  });
});
