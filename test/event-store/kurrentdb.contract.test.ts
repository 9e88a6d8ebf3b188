import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The shared EventStore contract against a real KurrentDB: the server in KURRENTDB_TEST_URL, or
 * one started with @testcontainers/kurrentdb when a container engine is reachable. Without
 * either, the suite is reported as skipped with the reason — never as passed.
 */
const explicitUrl = process.env.KURRENTDB_TEST_URL;

/** Quick, synchronous look for a container engine, so test collection never waits on one. */
function containerRuntimeHint(): string | null {
  if (process.env.DOCKER_HOST) return `DOCKER_HOST=${process.env.DOCKER_HOST}`;
  const uid = process.getuid?.() ?? 0;
  const sockets = [
    '/var/run/docker.sock',
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    `/run/user/${uid}/docker.sock`,
    `/run/user/${uid}/podman/podman.sock`,
  ];
  const found = sockets.find((socket) => existsSync(socket));
  if (found) return found;
  return existsSync(join(homedir(), '.testcontainers.properties'))
    ? '~/.testcontainers.properties'
    : null;
}

/** The same pinned image the compose stack runs, so tests and production agree on the server. */
function composeImage(): string {
  const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: { kurrentdb: { image: string } } };
  return compose.services.kurrentdb.image;
}

const runtime = explicitUrl ? null : containerRuntimeHint();

if (!explicitUrl && !runtime) {
  const reason =
    'KurrentDB contract skipped: KURRENTDB_TEST_URL is not set and no container engine socket was found';
  process.stderr.write(`${reason}\n`);
  describe.skip(reason, () => {
    it('runs the EventStore contract against KurrentDB', () => undefined);
  });
} else {
  let connectionString: Promise<string> | undefined;
  let stopContainer: (() => Promise<unknown>) | undefined;

  /** One server for the whole file; the contract uses fresh stream names per test. */
  const server = (): Promise<string> => {
    connectionString ??= (async () => {
      if (explicitUrl) return explicitUrl;
      const { KurrentDbContainer } = await import('@testcontainers/kurrentdb');
      const started = await new KurrentDbContainer(composeImage()).start();
      stopContainer = () => started.stop();
      return started.getConnectionString();
    })();
    return connectionString;
  };
  afterAll(async () => {
    await stopContainer?.();
  }, 60_000);
  jest.setTimeout(120_000);

  const where = explicitUrl ? 'KURRENTDB_TEST_URL' : `testcontainers via ${runtime}`;
  describeEventStoreContract(
    `KurrentDB (${where})`,
    async () => {
      const store = KurrentDbEventStore.connect(await server(), {
        logger: { warn: (message) => process.stderr.write(`${message}\n`) },
      });
      await store.ping().catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      return { store, cleanup: () => store.close() };
    },
    { detectsIdReuseAcrossStreams: false },
  );
}
