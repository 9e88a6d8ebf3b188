import { loadConfig } from '../config/app-config';
import {
  type ApiKeyRecord,
  generateApiKey,
  hashApiKey,
  recordProblems,
  type Role,
} from './api-keys';
import { readKeysFile, writeKeysFile } from './keys-file';

/** What createKey hands back: the only moment the plain key exists outside the client. */
export interface CreatedKey {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly key: string;
  readonly keysFile: string;
}

/**
 * Creates a key for the CLI (`policy-timeline keys create <name> --role editor`). Only the hash
 * is stored; the running server picks the new key up on its next request (it watches the file).
 * `keysFile` defaults to the configured API_KEYS_FILE.
 */
export function createKey(
  name: string,
  roles: readonly Role[],
  keysFile = configuredKeysFile(),
): CreatedKey {
  const key = generateApiKey();
  const record: ApiKeyRecord = { name, roles: [...new Set(roles)], sha256: hashApiKey(key) };
  const problems = recordProblems(record, 'key');
  if (problems.length > 0) throw new Error(problems.join('; '));
  const existing = readKeysFile(keysFile);
  if (existing.some((k) => k.name === name)) {
    throw new Error(`a key named "${name}" already exists; revoke it first`);
  }
  writeKeysFile(keysFile, [...existing, record]);
  return { name, roles: record.roles, key, keysFile };
}

/** Revokes a key by name; returns false when no such key exists. Effective on the next request. */
export function revokeKey(name: string, keysFile = configuredKeysFile()): boolean {
  const existing = readKeysFile(keysFile);
  const kept = existing.filter((k) => k.name !== name);
  if (kept.length === existing.length) return false;
  writeKeysFile(keysFile, kept);
  return true;
}

/** Names and roles of the stored keys (never hashes), for `keys list`. */
export function listKeys(
  keysFile = configuredKeysFile(),
): readonly { name: string; roles: readonly Role[] }[] {
  return readKeysFile(keysFile).map(({ name, roles }) => ({ name, roles }));
}

function configuredKeysFile(): string {
  return loadConfig().keysFile;
}
