import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { ConfigError } from './app-config';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The environment the service configures itself from: the real environment, over an optional
 * `.env` file (ENV_FILE, default ./.env). Real variables win so a deployment can always override
 * a checked-in file. Parsed without touching process.env, so tests stay isolated.
 */
export function readEnvironment(env: Env = process.env, cwd = process.cwd()): Env {
  const path = resolve(cwd, env.ENV_FILE || '.env');
  if (!existsSync(path)) {
    if (env.ENV_FILE) throw new ConfigError([`ENV_FILE=${env.ENV_FILE} does not exist`]);
    return env;
  }
  const fromFile = parse(readFileSync(path));
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return merged;
}
