import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { grants, ROLES, type Role } from './roles';

export { ROLES, type Role } from './roles';

/** What is stored for a key: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  readonly name: string;
  readonly roles: readonly Role[];
  /** Lower-case hex SHA-256 of the key as the client sends it. */
  readonly sha256: string;
}

export interface Principal {
  readonly name: string;
  readonly roles: readonly Role[];
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;

/** Keys carry a recognisable prefix so a leaked key is easy to spot in a secret scanner. */
export function generateApiKey(): string {
  return `ptk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Whether the principal holds the role, directly or through ROLE_IMPLIES (src/auth/roles.ts). */
export function hasRole(principal: Principal, role: Role): boolean {
  return grants(principal.roles, role);
}

/**
 * Finds the record whose hash matches. Every record is compared (no early exit) with
 * timingSafeEqual, so the time taken says nothing about how close a guess was.
 */
export function matchApiKey(records: readonly ApiKeyRecord[], presented: string): Principal | null {
  const digest = Buffer.from(hashApiKey(presented), 'hex');
  let found: ApiKeyRecord | null = null;
  for (const record of records) {
    const same = timingSafeEqual(digest, Buffer.from(record.sha256, 'hex'));
    if (same && found === null) found = record;
  }
  return found ? { name: found.name, roles: found.roles } : null;
}

/** Validates one record; returns the problems (empty when valid), each naming where it is. */
export function recordProblems(value: unknown, where: string): string[] {
  if (typeof value !== 'object' || value === null) return [`${where} is not an object`];
  const { name, roles, sha256 } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof name !== 'string' || !NAME_PATTERN.test(name))
    problems.push(`${where}.name must be 1-100 letters, digits or ._@- characters`);
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => ROLES.includes(r as Role)))
    problems.push(`${where}.roles must be a non-empty list of ${ROLES.join(', ')}`);
  if (typeof sha256 !== 'string' || !HASH_PATTERN.test(sha256))
    problems.push(`${where}.sha256 must be 64 lower-case hex digits (the SHA-256 of the key)`);
  return problems;
}

/** Parses a keys file: `{ "keys": [{ "name", "roles", "sha256" }] }`. Throws one line per problem. */
export function parseKeysFile(text: string, path: string): readonly ApiKeyRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KeysFileError([`${path} is not valid JSON (${(error as Error).message})`]);
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) throw new KeysFileError([`${path} must be {"keys": [...]}`]);
  const problems = keys.flatMap((record, i) => recordProblems(record, `${path} keys[${i}]`));
  const names = keys.map((record) => (record as ApiKeyRecord).name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) problems.push(`${path} names the key "${duplicate}" twice`);
  if (problems.length > 0) throw new KeysFileError(problems);
  return keys as ApiKeyRecord[];
}

/**
 * Parses API_KEYS: `name:role+role:sha256,name:role:sha256`, for deployments that inject secrets
 * through the environment instead of a file.
 */
export function parseEnvKeys(raw: string): readonly ApiKeyRecord[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const records = entries.map((entry) => {
    const parts = entry.split(':');
    if (parts.length !== 3) return null;
    const [name, roles, sha256] = parts;
    return { name, roles: roles.split('+'), sha256 };
  });
  const problems = records.flatMap((record, i) =>
    record === null
      ? [`API_KEYS entry ${i + 1} must be name:role+role:sha256`]
      : recordProblems(record, `API_KEYS entry ${i + 1}`),
  );
  if (problems.length > 0) throw new KeysFileError(problems);
  return records as ApiKeyRecord[];
}

export class KeysFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}
