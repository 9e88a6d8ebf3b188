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
    this.db = openStateFile(path);
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

/**
 * The state file, or an error that says what is wrong and what to do. Unlike the read model it
 * is not rebuilt silently: it is the only memory of which body went with which key.
 */
function openStateFile(path: string): Database.Database {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL,
      PRIMARY KEY (scope, key))`);
    return db;
  } catch (error) {
    db.close();
    const code = String((error as { code?: unknown }).code);
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw error;
    throw new Error(
      `the idempotency state ${path} is damaged (${code}: ${(error as Error).message}). It only ` +
        'remembers which request body first used each Idempotency-Key; the record itself is in ' +
        'the event store. Without it, a retry with the same key and the same body still appends ' +
        'nothing (the event id comes from the key), but the same key with a different body sent ' +
        `before now is no longer refused (422). To proceed: stop, move ${path} aside ` +
        `(mv ${path} ${path}.damaged, with its -wal and -shm), and start again; a new empty ` +
        'state is created.',
      { cause: error },
    );
  }
}
