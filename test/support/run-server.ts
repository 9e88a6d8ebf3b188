import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { bundleNestEntry, exited } from './spawn-ts-child';

const root = resolve(__dirname, '..', '..');

export interface ServerRun {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The real server (src/main.ts, bundled) as a child process on `dataDir`, until it exits by
 * itself or `until` matches its output (then SIGTERM). For start-ups that must refuse.
 */
export async function runServer(
  dataDir: string,
  env: Record<string, string> = {},
  until?: RegExp,
): Promise<ServerRun> {
  const bundle = await bundleNestEntry(join(root, 'src', 'main.ts'));
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ...env,
  };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [bundle], { env: childEnv, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (signalled || !until?.test(stdout)) return;
    signalled = true;
    child.kill('SIGTERM');
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Bounded: a server that neither starts nor exits is stopped, and the test sees why.
  const stuck = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited(child);
  clearTimeout(stuck);
  return { code, stdout, stderr };
}
