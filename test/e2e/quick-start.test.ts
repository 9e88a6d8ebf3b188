import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleNestEntry, exited } from '../support/spawn-ts-child';

/**
 * The README's quick start, pasted top to bottom as a newcomer would: every `sh` block of the
 * section after the one that starts the server (which this test starts itself, the same way),
 * run in one bash with `set -euo pipefail` against a real server on a fresh DATA_DIR. `npm run
 * seed` is the real npm script (it builds first only if the build is older than the sources).
 */
const root = resolve(__dirname, '..', '..');

function quickStartBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Quick start\n');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
}

async function listeningPort(child: ChildProcessWithoutNullStreams): Promise<number> {
  let output = '';
  return new Promise((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) done(Number(match[1]));
    });
    child.once('exit', () => fail(new Error(`server exited before listening:\n${output}`)));
  });
}

jest.setTimeout(240_000);

it('every block of the README quick start runs as written on a fresh data directory', async () => {
  const blocks = quickStartBlocks();
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  expect(blocks[0]).toContain('npm start');
  mkdirSync(join(root, 'test-artifacts'), { recursive: true });
  const workDir = mkdtempSync(join(root, 'test-artifacts', 'quick-start-'));
  const dataDir = join(workDir, 'data');
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  delete env.NODE_OPTIONS;
  const server = spawn(process.execPath, [await bundleNestEntry(join(root, 'src/main.ts'))], {
    env,
    stdio: 'pipe',
  });
  try {
    const port = await listeningPort(server);
    const script = ['set -euo pipefail', ...blocks.slice(1)].join('\n');
    const shell = spawn('bash', ['-c', script], {
      // Inside the project (npm finds package.json upwards), in an ignored folder of its own.
      cwd: workDir,
      env: { ...env, PORT: String(port) },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await exited(shell);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });

    expect(stdout).toContain('HTTP/1.1 201');
    expect(stdout).toMatch(/etag: "1"/i);
    expect(stdout).toContain('"ok":true');
    expect(stdout).toContain('"type":"ItemRetracted"');
    const csv = readFileSync(join(workDir, 'timeline.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^itemId,/);
    expect(csv).toContain('eo-14114');
  } finally {
    server.kill('SIGTERM');
    await exited(server);
    rmSync(workDir, { recursive: true, force: true });
  }
});
