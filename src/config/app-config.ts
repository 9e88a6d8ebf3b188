import { resolve } from 'node:path';

/**
 * Every setting the service reads, parsed and validated once at start-up. Problems are collected
 * (one line each) so an operator sees everything wrong with the configuration at once.
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly eventStore: 'sqlite' | 'kurrentdb';
  readonly sqlitePath: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly readModelPath: string;
  readonly kurrentdbConnectionString: string | null;
  readonly bodyLimitBytes: number;
  readonly defaultRecordedBy: string;
  readonly seedOnStart: boolean;
  readonly minPositionWaitMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw} is not an integer between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${raw} is not one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  };

  const dataDir = resolve(env.DATA_DIR || 'data');
  const eventStore = oneOf('EVENT_STORE', ['sqlite', 'kurrentdb'] as const, 'sqlite');
  const kurrent = env.KURRENTDB_CONNECTION_STRING || null;
  if (eventStore === 'kurrentdb') {
    if (!kurrent)
      problems.push(
        'EVENT_STORE=kurrentdb needs KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://localhost:2113?tls=false)',
      );
    else if (!/^(kurrentdb|kdb|esdb|kurrent)(\+discover)?:\/\/[^/?#]+/.test(kurrent)) {
      problems.push(
        `KURRENTDB_CONNECTION_STRING=${kurrent} is not a kurrentdb://host:port[,host:port]?options URL`,
      );
    }
  }

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    eventStore,
    sqlitePath: resolve(env.SQLITE_PATH || `${dataDir}/events.sqlite`),
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    readModelPath: resolve(env.READ_MODEL_PATH || `${dataDir}/read-model.sqlite`),
    kurrentdbConnectionString: kurrent,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    defaultRecordedBy: env.DEFAULT_RECORDED_BY || 'anonymous',
    seedOnStart: oneOf('SEED_ON_START', ['true', 'false'] as const, 'false') === 'true',
    minPositionWaitMs: int('MIN_POSITION_WAIT_MS', 2000, 0, 60000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
