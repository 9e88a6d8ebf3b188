import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { asStorageError, StorageError } from '../event-store.errors';

/** How long after a passing failure (disk full, I/O error) readiness still reports it. */
const UNAVAILABLE_REPORTED_MS = 30_000;

interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/**
 * What the store knows about the ground under it. SQLite keeps writing to an open file after it
 * was deleted or replaced, so every acknowledged write would vanish at the next start: the file
 * at the path must still be the one opened (device and inode), checked before each write
 * transaction and by readiness. A write that failed for a storage reason is remembered, so
 * readiness reports a store whose writes fail even while `SELECT 1` still answers: damage until
 * restart, a passing condition (full disk) until a write succeeds or 30 s pass.
 */
export class StorageHealth {
  private readonly opened: FileIdentity | null;
  private corrupt: StorageError | null = null;
  private unavailable: { readonly error: StorageError; readonly at: number } | null = null;

  constructor(private readonly path: string) {
    this.opened = path === ':memory:' || path === '' ? null : identityOf(path);
  }

  /** Throws STORAGE_UNAVAILABLE when the file at the path is not the file this store writes. */
  assertSameFile(): void {
    if (this.opened === null) return;
    let now: FileIdentity;
    try {
      now = identityOf(this.path);
    } catch {
      throw this.replaced(`the event store file ${this.path} was deleted while the service ran`);
    }
    if (now.dev !== this.opened.dev || now.ino !== this.opened.ino) {
      throw this.replaced(`the event store file ${this.path} was replaced while the service ran`);
    }
  }

  /** Maps a failure to its StorageError (when it is one) and remembers it for readiness. */
  failed(error: unknown, doing: string): unknown {
    const mapped = asStorageError(error, doing);
    if (!(mapped instanceof StorageError) || mapped.row !== undefined) return mapped;
    if (mapped.code === 'STORE_CORRUPT') this.corrupt ??= mapped;
    else this.unavailable = { error: mapped, at: Date.now() };
    return mapped;
  }

  succeeded(): void {
    this.unavailable = null;
  }

  /** Why the store should not take traffic, or null. */
  problem(): string | null {
    try {
      this.assertSameFile();
    } catch (error) {
      return (error as Error).message;
    }
    if (this.corrupt) return `writes fail: ${this.corrupt.message}`;
    if (this.unavailable && Date.now() - this.unavailable.at < UNAVAILABLE_REPORTED_MS)
      return `the last write failed: ${this.unavailable.error.message}`;
    return null;
  }

  /**
   * The file is still the one at the path, and passes quick_check (or integrity_check): up to
   * 100 findings, none when sound; damage is remembered.
   */
  check(db: Database.Database, full: boolean): string[] {
    // A log read through a file that is no longer at the path verifies, and is lost at restart.
    try {
      this.assertSameFile();
    } catch (error) {
      return [(error as Error).message];
    }
    const pragma = full ? 'integrity_check(100)' : 'quick_check(100)';
    let problems: string[];
    try {
      const rows = db.pragma(pragma) as Record<string, string>[];
      problems = rows.map((row) => Object.values(row)[0]).filter((line) => line !== 'ok');
    } catch (error) {
      // Damage bad enough stops the check itself: that is its finding.
      if (!/^SQLITE_(CORRUPT|NOTADB)/.test(String((error as { code?: unknown }).code))) throw error;
      problems = [(error as Error).message];
    }
    if (problems.length > 0)
      this.failed(Object.assign(new Error(problems[0]), { code: 'SQLITE_CORRUPT' }), pragma);
    return problems;
  }

  private replaced(message: string): StorageError {
    return new StorageError(
      'STORAGE_UNAVAILABLE',
      `${message}; writes are refused (they would be lost). Stop the service and restore the file (README: When the store is damaged)`,
    );
  }
}

function identityOf(path: string): FileIdentity {
  const { dev, ino } = statSync(path);
  return { dev, ino };
}
