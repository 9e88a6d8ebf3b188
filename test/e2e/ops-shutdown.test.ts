import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { bundleNestEntry, exited } from '../support/spawn-ts-child';

const root = resolve(__dirname, '..', '..');
let serverBundle: string;

/** The real server as a child process, bundled without a project build (see bundleNestEntry). */
function bundleServer(): Promise<string> {
  return bundleNestEntry(join(root, 'src', 'main.ts'));
}

interface Server {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: string[];
  readonly stderr: string[];
}

function startServer(env: Record<string, string>): Server {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [serverBundle], {
    env: childEnv,
    stdio: 'pipe',
    cwd: env.DATA_DIR,
  });
  const server = { child, stdout: [] as string[], stderr: [] as string[] };
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    server.stdout.push(...lines);
  });
  child.stderr.on('data', (chunk: Buffer) =>
    server.stderr.push(...chunk.toString().split('\n').filter(Boolean)),
  );
  return server;
}

async function listeningUrl(server: Server): Promise<string> {
  for (;;) {
    for (const line of server.stdout) {
      const match = /listening on (http:\/\/[^"\s]+)/.exec(line);
      if (match) return match[1];
    }
    if (server.child.exitCode !== null)
      throw new Error(`server exited: ${server.stderr.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: string;
beforeAll(async () => {
  serverBundle = await bundleServer();
}, 120_000);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ops-shutdown-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = () => ({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });

it('SIGTERM during a burst of appends: every acknowledged append is stored, exit code 0', async () => {
  const server = startServer(baseEnv());
  const url = await listeningUrl(server);
  const key = readFileSync(join(dir, 'admin-api-key.txt'), 'utf8').trim();
  const acknowledged: { eventId: string; requestId: string }[] = [];
  let sent = 0;
  let signalled = false;
  const caller = async (c: number) => {
    for (let i = 0; ; i++) {
      const requestId = `burst-${c}-${i}`;
      sent++;
      try {
        const response = await fetch(`${url}/entities`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'x-request-id': requestId,
          },
          body: JSON.stringify({
            entityId: `ent:company:c${c}-${i}`,
            kind: 'company',
            name: `Company ${c}/${i}`,
            aliases: [],
          }),
        });
        const body = (await response.json()) as { eventId?: string };
        if (response.status === 201 && body.eventId)
          acknowledged.push({ eventId: body.eventId, requestId });
        else if (signalled) return; // 503 while closing
      } catch {
        return; // connection refused or reset: the server stopped accepting
      }
      if (acknowledged.length >= 40 && !signalled) {
        signalled = true;
        server.child.kill('SIGTERM');
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, c) => caller(c)));
  const code = await exited(server.child);
  if (code !== 0) console.error([...server.stdout.slice(-8), ...server.stderr].join('\n'));
  expect(code).toBe(0);
  expect(signalled).toBe(true);
  expect(sent).toBeGreaterThan(acknowledged.length); // some requests came in during shutdown

  const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  try {
    const stored = new Map((await store.readAll()).map((event) => [event.id, event]));
    for (const ack of acknowledged) {
      expect(stored.get(ack.eventId)?.metadata).toMatchObject({
        recordedBy: 'admin',
        correlationId: ack.requestId,
      });
    }
  } finally {
    await store.close();
  }

  // Logs: JSON lines, one per request with the request id, never the key.
  const logs = server.stdout.filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  const first = acknowledged[0].requestId;
  const requestLines = logs.filter((log) => log.req?.id === first);
  expect(requestLines).toHaveLength(1);
  expect(requestLines[0]).toMatchObject({
    req: { method: 'POST', path: '/entities' },
    res: { statusCode: 201 },
    principal: 'admin',
  });
  expect(server.stdout.join('\n')).not.toContain(key);
  expect(logs.some((log) => /admin-api-key\.txt/.test(String(log.msg)))).toBe(true);
  expect(logs.some((log) => log.msg === 'shutdown complete')).toBe(true);
}, 60_000);

it('LOG_LEVEL=silent prints nothing at all, from start to shutdown', async () => {
  const server = startServer({ ...baseEnv(), LOG_LEVEL: 'silent' });
  await new Promise((r) => setTimeout(r, 0));
  // No "listening" line to wait for: poll the admin key file and /health/live instead.
  let ready = false;
  for (let i = 0; i < 200 && !ready; i++) {
    await new Promise((r) => setTimeout(r, 100));
    ready = server.child.exitCode !== null || server.stdout.length > 0 || server.stderr.length > 0;
    try {
      ready ||= readFileSync(join(dir, 'admin-api-key.txt'), 'utf8').length > 0;
    } catch {
      // not written yet
    }
  }
  server.child.kill('SIGTERM');
  expect(await exited(server.child)).toBe(0);
  expect(server.stdout.filter(Boolean)).toEqual([]);
  expect(server.stderr).toEqual([]);
}, 60_000);

it('a bad configuration exits 2 with one line per problem', async () => {
  const server = startServer({ ...baseEnv(), PORT: 'eighty', EVENT_STORE: 'mongo' });
  expect(await exited(server.child)).toBe(2);
  expect(server.stderr).toEqual([
    'config: EVENT_STORE=mongo is not one of sqlite, kurrentdb',
    'config: PORT=eighty is not an integer between 0 and 65535',
  ]);
}, 60_000);
