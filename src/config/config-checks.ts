import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeysFileError, parseEnvKeys, type ApiKeyRecord } from '../auth/api-keys';
import { readKeysFile } from '../auth/keys-file';

/**
 * Start-up checks that touch the file system. Each returns problems as one readable line, so the
 * operator sees the whole list at once instead of fixing one failure per restart.
 */
export function dataDirProblems(dataDir: string): string[] {
  if (!existsSync(dataDir)) {
    const parent = nearestExisting(dataDir);
    return writable(parent)
      ? []
      : [`DATA_DIR=${dataDir} does not exist and cannot be created (${parent} is not writable)`];
  }
  if (!statSync(dataDir).isDirectory()) return [`DATA_DIR=${dataDir} is not a directory`];
  return writable(dataDir) ? [] : [`DATA_DIR=${dataDir} is not readable and writable by this user`];
}

/** A keys file may be absent (the first start creates it) but, if present, must be valid. */
export function keysFileProblems(path: string): string[] {
  if (existsSync(path) && !readable(path)) return [`API_KEYS_FILE=${path} is not readable`];
  try {
    readKeysFile(path);
    return [];
  } catch (error) {
    if (error instanceof KeysFileError) return error.problems.map((p) => `API_KEYS_FILE: ${p}`);
    return [`API_KEYS_FILE=${path} cannot be read (${(error as Error).message})`];
  }
}

export function envKeys(raw: string | undefined, problems: string[]): readonly ApiKeyRecord[] {
  if (!raw) return [];
  try {
    return parseEnvKeys(raw);
  } catch (error) {
    if (!(error instanceof KeysFileError)) throw error;
    problems.push(...error.problems);
    return [];
  }
}

/** `*` or a comma-separated list of http(s) origins; empty means CORS is off. */
export function corsOrigins(raw: string | undefined, problems: string[]): readonly string[] | '*' {
  if (!raw) return [];
  if (raw.trim() === '*') return '*';
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const bad = origins.filter((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad.length > 0)
    problems.push(
      `CORS_ORIGINS has ${bad.join(', ')}: use * or origins such as https://example.org`,
    );
  return origins.filter((o) => !bad.includes(o));
}

function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
