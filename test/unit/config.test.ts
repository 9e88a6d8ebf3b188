import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../../src/auth/api-keys';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { readEnvironment } from '../../src/config/env-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'config-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig({ DATA_DIR: dir, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('has secure, documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      eventStore: 'sqlite',
      keysFile: join(dir, 'api-keys.json'),
      bootstrapKeyFile: join(dir, 'admin-api-key.txt'),
      envKeys: [],
      allowAnonymousReads: true,
      rateLimitPerKey: 1200,
      rateLimitAnonymous: 300,
      rateLimitWindowMs: 60_000,
      corsOrigins: [],
      readyMaxLagEvents: 1000,
      shutdownDeadlineMs: 10_000,
      requestTimeoutMs: 30_000,
      connectionTimeoutMs: 120_000,
      keepAliveTimeoutMs: 72_000,
      projectionThread: true,
      logLevel: 'info',
    });
  });

  it('reads every operational setting', () => {
    const sha = hashApiKey('k');
    const config = loadConfig({
      DATA_DIR: dir,
      ALLOW_ANONYMOUS_READS: 'false',
      RATE_LIMIT_PER_KEY: '5',
      RATE_LIMIT_ANONYMOUS: '2',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      READY_MAX_LAG_EVENTS: '0',
      SHUTDOWN_DEADLINE_MS: '2500',
      REQUEST_TIMEOUT_MS: '0',
      CONNECTION_TIMEOUT_MS: '5000',
      KEEP_ALIVE_TIMEOUT_MS: '1000',
      API_KEYS: `ci:editor+auditor:${sha}`,
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      allowAnonymousReads: false,
      rateLimitPerKey: 5,
      rateLimitAnonymous: 2,
      rateLimitWindowMs: 10_000,
      corsOrigins: ['https://a.example', 'http://localhost:5173'],
      readyMaxLagEvents: 0,
      shutdownDeadlineMs: 2500,
      requestTimeoutMs: 0,
      connectionTimeoutMs: 5000,
      keepAliveTimeoutMs: 1000,
      envKeys: [{ name: 'ci', roles: ['editor', 'auditor'], sha256: sha }],
      logLevel: 'silent',
    });
    expect(loadConfig({ DATA_DIR: dir, CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
  });

  it('lists every problem at once, one line each', () => {
    const problems = problemsOf({
      PORT: '99999',
      EVENT_STORE: 'mongo',
      ALLOW_ANONYMOUS_READS: 'yes',
      PROJECTION_THREAD: 'no',
      CORS_ORIGINS: 'not a url',
      API_KEYS: 'broken',
    });
    expect(problems).toEqual([
      'EVENT_STORE=mongo is not one of sqlite, kurrentdb',
      'PORT=99999 is not an integer between 0 and 65535',
      'PROJECTION_THREAD=no is not one of true, false',
      'API_KEYS entry 1 must be name:role+role:sha256',
      'ALLOW_ANONYMOUS_READS=yes is not one of true, false',
      'CORS_ORIGINS has not a url: use * or origins such as https://example.org',
    ]);
  });

  it('refuses a data directory that is a file', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    expect(problemsOf({ DATA_DIR: file })).toEqual([`DATA_DIR=${file} is not a directory`]);
  });

  it('refuses a keys file that is not JSON, naming the file', () => {
    const keysFile = join(dir, 'keys.json');
    writeFileSync(keysFile, '{ nope');
    const problems = problemsOf({ API_KEYS_FILE: keysFile });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^API_KEYS_FILE: ${keysFile} is not valid JSON`));
  });

  it('refuses a keys file with bad records, one line per problem', () => {
    const keysFile = join(dir, 'keys.json');
    const keys = [
      { name: 'ok', roles: ['reader'], sha256: hashApiKey('a') },
      { name: 'bad role', roles: ['root'], sha256: 'abc' },
    ];
    writeFileSync(keysFile, JSON.stringify({ keys }));
    expect(problemsOf({ API_KEYS_FILE: keysFile })).toEqual([
      `API_KEYS_FILE: ${keysFile} keys[1].name must be 1-100 letters, digits or ._@- characters`,
      `API_KEYS_FILE: ${keysFile} keys[1].roles must be a non-empty list of reader, editor, auditor, admin`,
      `API_KEYS_FILE: ${keysFile} keys[1].sha256 must be 64 lower-case hex digits (the SHA-256 of the key)`,
    ]);
  });

  it('accepts a missing keys file (the first start creates one)', () => {
    expect(problemsOf({ API_KEYS_FILE: join(dir, 'absent.json') })).toEqual([]);
  });
});

describe('readEnvironment (.env)', () => {
  it('reads .env from the working directory; real variables win', () => {
    writeFileSync(join(dir, '.env'), 'PORT=4000\nLOG_LEVEL=debug\n');
    const env = readEnvironment({ LOG_LEVEL: 'warn' }, dir);
    expect(env.PORT).toBe('4000');
    expect(env.LOG_LEVEL).toBe('warn');
  });

  it('is the plain environment when there is no .env', () => {
    expect(readEnvironment({ PORT: '1' }, dir)).toEqual({ PORT: '1' });
  });

  it('refuses an ENV_FILE that does not exist', () => {
    expect(() => readEnvironment({ ENV_FILE: 'missing.env' }, dir)).toThrow(ConfigError);
  });
});
