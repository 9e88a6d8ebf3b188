import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { bundleNestEntry, exited } from '../support/spawn-ts-child';

/**
 * The real service as a child process: slow and stalled clients meet the request timeout, and
 * shutdown neither waits for them nor leaves the store open.
 */
const root = resolve(__dirname, '..', '..');
let serverBundle: string;
let dir: string;
/** Every child started, so a failed test leaves no server running. */
const started: ChildProcessWithoutNullStreams[] = [];

interface Server {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: string[];
  readonly url: Promise<string>;
}

function startServer(env: Record<string, string>): Server {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...env,
  };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [serverBundle], { env: childEnv, stdio: 'pipe', cwd: dir });
  started.push(child);
  const stdout: string[] = [];
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    stdout.push(...lines.filter(Boolean));
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const url = (async () => {
    for (;;) {
      for (const line of stdout) {
        const match = /listening on (http:\/\/[^"\s]+)/.exec(line);
        if (match) return match[1];
      }
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { child, stdout, url };
}

/** A client on a raw socket: sends `head`, keeps the socket open, collects whatever comes back. */
interface RawClient {
  readonly socket: Socket;
  /** Everything the server wrote, once it closed the connection. */
  readonly answer: Promise<string>;
}

async function rawClient(url: string, head: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const answer = new Promise<string>((r) => socket.once('close', () => r(received)));
  socket.on('error', () => undefined); // a reset is an answer too: the socket closed
  socket.write(head);
  return { socket, answer };
}

/** POST /entities announcing a 1,000-byte body and sending 10 bytes of it. */
function halfSentBody(key: string, requestId: string): string {
  return (
    `POST /entities HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n` +
    `X-Request-Id: ${requestId}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n` +
    '{"entityId'
  );
}

function problemOf(answer: string): {
  status: number;
  body: Record<string, unknown>;
  head: string;
} {
  const split = answer.indexOf('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]),
    head: answer.slice(0, split),
    body: JSON.parse(answer.slice(split + 4)) as Record<string, unknown>,
  };
}

type LogLine = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const logs = (server: Server) => server.stdout.map((line) => JSON.parse(line) as LogLine);

/** Waits until the server has logged a line `match` accepts (the server works on its own clock). */
async function logged(server: Server, match: (log: LogLine) => boolean): Promise<LogLine> {
  for (;;) {
    const line = logs(server).find(match);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  serverBundle = await bundleNestEntry(join(root, 'src', 'main.ts'));
}, 120_000);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'http-edge-shutdown-'));
});
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

it('SIGTERM with a half-sent body, half-sent headers and an idle connection open: each is closed and the service exits 0', async () => {
  // The request timeout is left far beyond the deadline: shutdown must not wait for it.
  const server = startServer({ SHUTDOWN_DEADLINE_MS: '8000', REQUEST_TIMEOUT_MS: '600000' });
  const url = await server.url;
  const key = readFileSync(join(dir, 'admin-api-key.txt'), 'utf8').trim();

  const stalledBody = await rawClient(url, halfSentBody(key, 'stalled-body'));
  const stalledHeaders = await rawClient(url, 'GET /timeline HTTP/1.1\r\nHost: x\r\nX-Half');
  const idle = await rawClient(url, 'GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
  // A round trip on another connection: the service has read the bytes sent before it.
  expect((await fetch(`${url}/health/live`)).status).toBe(200);
  server.child.kill('SIGTERM');

  expect(await exited(server.child)).toBe(0);
  const refused = problemOf(await stalledBody.answer);
  expect(refused.status).toBe(503);
  expect(refused.head).toMatch(/content-type: application\/problem\+json/i);
  expect(refused.head).toMatch(/retry-after: 5/i);
  expect(refused.body).toMatchObject({ status: 503, code: 'SHUTTING_DOWN' });
  expect(await stalledHeaders.answer).toBe(''); // closed: there was no request to answer yet
  expect(await idle.answer).toMatch(/^HTTP\/1\.1 200 /);
  expect(logs(server).some((log) => log.msg === 'shutdown complete')).toBe(true);
  expect(logs(server).some((log) => /did not finish/.test(String(log.msg)))).toBe(false);

  // The store was closed cleanly and opens again; the half-sent entity was never written.
  const store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  try {
    expect(await store.readAll()).toEqual([]);
  } finally {
    await store.close();
  }
}, 60_000);

it('answers a request that does not arrive within REQUEST_TIMEOUT_MS 408 problem+json, logged as a warning', async () => {
  const server = startServer({ REQUEST_TIMEOUT_MS: '500' });
  const url = await server.url;
  const key = readFileSync(join(dir, 'admin-api-key.txt'), 'utf8').trim();
  const slow = await rawClient(url, halfSentBody(key, 'slow-body'));
  const timedOut = problemOf(await slow.answer);
  expect(timedOut.status).toBe(408);
  expect(timedOut.head).toMatch(/content-type: application\/problem\+json/i);
  expect(timedOut.body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  const warning = await logged(server, (log) => /REQUEST_TIMEOUT/.test(String(log.msg)));
  expect(warning.level).toBe(40);
  // The service goes on answering, and still shuts down cleanly.
  expect((await fetch(`${url}/health/live`)).status).toBe(200);
  server.child.kill('SIGTERM');
  expect(await exited(server.child)).toBe(0);
}, 60_000);

it('logs a retry-later 503 (NOT_CAUGHT_UP) and a 400 as warnings naming their code, without a stack', async () => {
  const server = startServer({ MIN_POSITION_WAIT_MS: '50' });
  const url = await server.url;
  const ask = (path: string, requestId: string) =>
    fetch(`${url}${path}`, { headers: { 'x-request-id': requestId } });
  expect((await ask('/timeline?minPosition=100', 'not-caught-up')).status).toBe(503);
  expect((await ask('/timeline?asOf=position:100', 'beyond-head')).status).toBe(400);
  const behind = await logged(server, (log) => log.req?.id === 'not-caught-up');
  expect(behind).toMatchObject({ level: 40, code: 'NOT_CAUGHT_UP', res: { statusCode: 503 } });
  expect(behind.err).toBeUndefined();
  const beyond = await logged(server, (log) => log.req?.id === 'beyond-head');
  expect(beyond).toMatchObject({ level: 40, code: 'INVALID_QUERY_PARAMETER' });
  expect(beyond.err).toBeUndefined();
  server.child.kill('SIGTERM');
  expect(await exited(server.child)).toBe(0);
}, 60_000);

it('SIGTERM with a change feed open: the feed is closed (its client resumes elsewhere) and the service exits 0', async () => {
  const server = startServer({ SHUTDOWN_DEADLINE_MS: '8000' });
  const url = await server.url;
  const feed = await rawClient(url, 'GET /timeline/changes HTTP/1.1\r\nHost: x\r\n\r\n');
  // The stream has begun (its first bytes arrived) before the signal.
  for (
    let i = 0;
    i < 200 &&
    !(await Promise.race([
      feed.answer.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 10)),
    ]));
    i++
  ) {
    if (feed.socket.bytesRead > 0) break;
  }
  expect(feed.socket.bytesRead).toBeGreaterThan(0);
  server.child.kill('SIGTERM');
  expect(await exited(server.child)).toBe(0);
  expect(await feed.answer).toMatch(/^HTTP\/1\.1 200 [\s\S]*text\/event-stream/);
});
