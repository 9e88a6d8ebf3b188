import { resolve } from 'node:path';
import type { ApiKeyRecord } from '../auth/api-keys';
import { corsOrigins, dataDirProblems, envKeys, keysFileProblems } from './config-checks';
import { icalUidDomainFrom } from '../exports/ical-uid-domain';

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
  /**
   * Run the projections on a worker thread (the default): the request thread then only reads the
   * read model. false runs them on the request thread.
   */
  readonly projectionThread: boolean;
  /** Service-local state that is not part of the record (idempotency keys). */
  readonly statePath: string;
  /** The Merkle tree over the log (per instance, rebuilt from the store when absent). */
  readonly merklePath: string;
  /** Ed25519 key (PKCS#8 PEM) that signs checkpoints; created on the first start (mode 0600). */
  readonly auditSigningKeyFile: string;
  readonly kurrentdbConnectionString: string | null;
  readonly bodyLimitBytes: number;
  readonly defaultRecordedBy: string;
  readonly seedOnStart: boolean;
  readonly minPositionWaitMs: number;
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  readonly dataDir: string;
  /** JSON file of key hashes, written by the CLI and by the first start. */
  readonly keysFile: string;
  /** Keys injected through API_KEYS (hashes only), in addition to the file. */
  readonly envKeys: readonly ApiKeyRecord[];
  /** Where the first start writes the admin key it creates (mode 0600). */
  readonly bootstrapKeyFile: string;
  readonly allowAnonymousReads: boolean;
  readonly rateLimitPerKey: number;
  readonly rateLimitAnonymous: number;
  readonly rateLimitWindowMs: number;
  /** Allowed CORS origins; empty = CORS off. */
  readonly corsOrigins: readonly string[] | '*';
  /** /health/ready fails when a projection is this many events behind the store. */
  readonly readyMaxLagEvents: number;
  /** After SIGTERM/SIGINT, the process exits (non-zero) if shutdown has not finished by then. */
  readonly shutdownDeadlineMs: number;
  /** Right-hand side of iCalendar UIDs: ICAL_UID_DOMAIN, else PUBLIC_BASE_URL's host name. */
  readonly icalUidDomain: string;
  /** Change feeds: how many may be open, a client's unread bytes before it is dropped, heartbeats. */
  readonly feedMaxSubscribers: number;
  readonly feedClientBufferBytes: number;
  readonly feedHeartbeatMs: number;
  /** A request (headers and body) must arrive within this, else 408; 0 = no limit. */
  readonly requestTimeoutMs: number;
  /** A connection on which no byte moves either way for this long is closed; 0 = never. */
  readonly connectionTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
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

  const bool = (name: string, fallback: boolean): boolean =>
    oneOf(name, ['true', 'false'] as const, fallback ? 'true' : 'false') === 'true';
  const keysFile = resolve(env.API_KEYS_FILE || `${dataDir}/api-keys.json`);
  problems.push(...dataDirProblems(dataDir), ...keysFileProblems(keysFile));

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    eventStore,
    sqlitePath: resolve(env.SQLITE_PATH || `${dataDir}/events.sqlite`),
    sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    readModelPath: resolve(env.READ_MODEL_PATH || `${dataDir}/read-model.sqlite`),
    projectionThread: bool('PROJECTION_THREAD', true),
    statePath: resolve(env.STATE_PATH || `${dataDir}/state.sqlite`),
    merklePath: resolve(env.MERKLE_PATH || `${dataDir}/merkle.sqlite`),
    auditSigningKeyFile: resolve(env.AUDIT_SIGNING_KEY_FILE || `${dataDir}/signing-key.pem`),
    kurrentdbConnectionString: kurrent,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    defaultRecordedBy: env.DEFAULT_RECORDED_BY || 'anonymous',
    seedOnStart: bool('SEED_ON_START', false),
    minPositionWaitMs: int('MIN_POSITION_WAIT_MS', 2000, 0, 60000),
    logLevel: oneOf('LOG_LEVEL', ['silent', 'error', 'warn', 'info', 'debug'] as const, 'info'),
    dataDir,
    keysFile,
    envKeys: envKeys(env.API_KEYS, problems),
    bootstrapKeyFile: resolve(env.BOOTSTRAP_KEY_FILE || `${dataDir}/admin-api-key.txt`),
    allowAnonymousReads: bool('ALLOW_ANONYMOUS_READS', true),
    rateLimitPerKey: int('RATE_LIMIT_PER_KEY', 1200, 1, 1_000_000),
    rateLimitAnonymous: int('RATE_LIMIT_ANONYMOUS', 300, 1, 1_000_000),
    rateLimitWindowMs: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400) * 1000,
    corsOrigins: corsOrigins(env.CORS_ORIGINS, problems),
    readyMaxLagEvents: int('READY_MAX_LAG_EVENTS', 1000, 0, Number.MAX_SAFE_INTEGER),
    shutdownDeadlineMs: int('SHUTDOWN_DEADLINE_MS', 10_000, 100, 600_000),
    feedMaxSubscribers: int('FEED_MAX_SUBSCRIBERS', 1000, 1, 100_000),
    feedClientBufferBytes: int('FEED_CLIENT_BUFFER_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    feedHeartbeatMs: int('FEED_HEARTBEAT_SECONDS', 15, 1, 3600) * 1000,
    icalUidDomain: icalUidDomainFrom(env, problems),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', 30_000, 0, 3_600_000),
    connectionTimeoutMs: int('CONNECTION_TIMEOUT_MS', 120_000, 0, 3_600_000),
    keepAliveTimeoutMs: int('KEEP_ALIVE_TIMEOUT_MS', 72_000, 1000, 3_600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
