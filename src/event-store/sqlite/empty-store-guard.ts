import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface ServiceFiles {
  readonly sqlitePath: string;
  readonly readModelPath: string;
  readonly statePath: string;
}

/** An empty event store opened where the service's other files remember a longer log. */
export class EmptyStoreOverHistoryError extends Error {
  override readonly name = 'EmptyStoreOverHistoryError';
}

/**
 * Refuses to start on an empty event store when the read model or the idempotency state shows
 * that a store was here and further ahead: the file was deleted or replaced, and starting would
 * rebuild the read model (the last copy of what the log said) from nothing. Starting from an
 * empty log on purpose means deleting those files too, which the message says.
 */
export function assertNoLostHistory(head: bigint, files: ServiceFiles): void {
  if (head > 0n) return;
  const reached = readOnly(files.readModelPath, (db) =>
    BigInt(
      (
        db.prepare('SELECT max(checkpoint) AS p FROM projection_generations').get() as {
          p: number | bigint | null;
        }
      ).p ?? 0,
    ),
  );
  const keys = readOnly(files.statePath, (db) =>
    Number((db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n),
  );
  const evidence = [
    reached !== null && reached > 0n
      ? `the read model ${files.readModelPath} was built from a log that reached position ${reached}`
      : null,
    keys !== null && keys > 0
      ? `the idempotency state ${files.statePath} holds ${keys} keys of acknowledged writes`
      : null,
  ].filter((line): line is string => line !== null);
  if (evidence.length === 0) return;
  throw new EmptyStoreOverHistoryError(
    `the event store ${files.sqlitePath} is empty, but ${evidence.join(', and ')}: the store file ` +
      'was probably deleted or replaced. Refusing to start, so that nothing is rebuilt over that ' +
      `record. Restore ${files.sqlitePath} from a backup (README: Backup and restore, When the ` +
      `store is damaged); to start over from an empty log on purpose, delete ${files.readModelPath} ` +
      `and ${files.statePath} as well.`,
  );
}

/** A query on a file that may not exist or may not hold the table yet: null then. */
function readOnly<T>(path: string, query: (db: Database.Database) => T): T | null {
  if (path === ':memory:' || !existsSync(path)) return null;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return query(db);
  } catch {
    return null; // an unreadable file is judged where it is opened for use
  } finally {
    db?.close();
  }
}

/** assertNoLostHistory on a just-opened store, closing it when start-up is refused. */
export async function refuseLostHistory(
  store: { headPosition(): Promise<bigint>; close(): Promise<void> },
  files: ServiceFiles,
): Promise<void> {
  try {
    assertNoLostHistory(await store.headPosition(), files);
  } catch (error) {
    await store.close();
    throw error;
  }
}
