import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleNestEntry, exited } from '../support/spawn-ts-child';

/** Start-up as a newcomer meets it: the first lines the real server prints. */
const root = resolve(__dirname, '..', '..');
let serverBundle: string;
let dir: string;

beforeAll(async () => {
  serverBundle = await bundleNestEntry(join(root, 'src', 'main.ts'));
}, 120_000);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ops-startup-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the server until it exits, or until `until` matches its output (then SIGTERM). */
async function runServer(
  env: Record<string, string>,
  options: { node?: string; until?: RegExp } = {},
): Promise<Run> {
  const childEnv: Record<string, string | undefined> = { ...process.env, DATA_DIR: dir, ...env };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(options.node ?? process.execPath, [serverBundle], {
    env: childEnv,
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (signalled || !options.until?.test(stdout)) return;
    signalled = true; // once: a second SIGTERM would find the default handler
    child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exited(child);
  return { code, stdout, stderr };
}

function occupiedPort(): Promise<Server> {
  const server = createServer();
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

it('a busy port is one line naming PORT, not an EADDRINUSE stack', async () => {
  const busy = await occupiedPort();
  try {
    const { port } = busy.address() as AddressInfo;
    const run = await runServer({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `policy-timeline: port ${port} is already in use on 127.0.0.1; stop the other process or set PORT to another port (PORT=0 picks a free one)`,
    );
  } finally {
    busy.close();
  }
}, 60_000);

it('logs the address the socket listens on: every interface for HOST=0.0.0.0', async () => {
  const run = await runServer(
    { PORT: '0', HOST: '0.0.0.0', LOG_LEVEL: 'info' },
    { until: /listening on/ },
  );
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(
    /policy-timeline listening on http:\/\/0\.0\.0\.0:\d+ \(every interface; open http:\/\/localhost:\d+\/\)/,
  );
  expect(run.stdout).not.toContain('listening on http://127.0.0.1');
}, 60_000);

// Debian's Node (20 on these machines) stands in for a user's older Node.
const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => existsSync(path));
const olderNodeMajor = olderNode
  ? Number(execFileSync(olderNode, ['-p', 'process.versions.node']).toString().split('.')[0])
  : null;
const describeOlder = olderNodeMajor !== null && olderNodeMajor < 24 ? describe : describe.skip;
if (olderNodeMajor === null || olderNodeMajor >= 24) {
  console.log(
    `ops-startup: no Node older than 24 on this machine (${olderNode ?? 'none'}), so the version check is not run here`,
  );
}

describeOlder('under an older Node', () => {
  it('says Node 24 or later is required before anything else fails', async () => {
    const run = await runServer({ PORT: '0', LOG_LEVEL: 'error' }, { node: olderNode });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^policy-timeline: Node 24 or later is required; this is Node 2\d\./,
    );
    expect(run.stderr).not.toContain('NODE_MODULE_VERSION');
  }, 60_000);
});
