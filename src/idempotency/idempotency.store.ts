import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Remembers which request first used each Idempotency-Key (by a fingerprint of its body), so the
 * same key with a different body is refused. Replaying the original response needs no storage
 * here: the event id is derived from the key, so the command handler finds its own event in the
 * stream and answers from the record itself. This is service state, not part of the record, so it
 * lives in its own SQLite file.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (scope, key))`);
    this.insert = this.db.prepare(
      'INSERT OR IGNORE INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)',
    );
    this.select = this.db.prepare(
      'SELECT fingerprint FROM idempotency_keys WHERE scope = ? AND key = ?',
    );
    this.remove = this.db.prepare(
      'DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND fingerprint = ?',
    );
  }

  /** True when the key is new or was first used by a request with the same fingerprint. */
  claim(scope: string, key: string, fingerprint: string): boolean {
    this.insert.run(scope, key, fingerprint, new Date().toISOString());
    const row = this.select.get(scope, key) as { fingerprint: string } | undefined;
    return row?.fingerprint === fingerprint;
  }

  /** A request refused before anything was written does not hold on to its key. */
  release(scope: string, key: string, fingerprint: string): void {
    this.remove.run(scope, key, fingerprint);
  }

  close(): void {
    this.db.close();
  }
}
