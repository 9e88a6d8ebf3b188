import { existsSync, renameSync } from 'node:fs';
import type { LoggerService } from '@nestjs/common';
import Database from 'better-sqlite3';
import { openReadModelDatabase } from './read-model-schema';

const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)/;

/**
 * Opens the read-model file for writing. The read model is derived data, so a file SQLite
 * cannot read (not a database, a damaged page met while opening) is not a reason to stay down:
 * it is moved aside under a timestamped name, kept for whoever wants to look at it, and an empty
 * file takes its place; the projections then rebuild it from the event store.
 */
export function openReadModelFile(path: string, logger: LoggerService): Database.Database {
  try {
    return open(path);
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    if (path === ':memory:' || !DAMAGED.test(code)) throw error;
    const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(`${path}${suffix}`)) renameSync(`${path}${suffix}`, `${aside}${suffix}`);
    }
    logger.warn(
      `the read model ${path} is damaged (${code}: ${(error as Error).message}); moved it to ${aside} and rebuilding it from the event store`,
    );
    return open(path);
  }
}

function open(path: string): Database.Database {
  const db = new Database(path);
  try {
    openReadModelDatabase(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
