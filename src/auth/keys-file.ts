import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { type ApiKeyRecord, parseKeysFile } from './api-keys';

/** Reads the keys file; a missing file means "no keys yet" (the first start creates one). */
export function readKeysFile(path: string): readonly ApiKeyRecord[] {
  if (!existsSync(path)) return [];
  return parseKeysFile(readFileSync(path, 'utf8'), path);
}

/**
 * Replaces the keys file atomically (write + rename), readable only by its owner: the hashes are
 * not secrets by themselves, but nobody else needs them either.
 */
export function writeKeysFile(path: string, records: readonly ApiKeyRecord[]): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ keys: records }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** Changes when the file is rewritten; lets the server pick up keys created by the CLI. */
export function keysFileStamp(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
  } catch {
    return 'missing';
  }
}
