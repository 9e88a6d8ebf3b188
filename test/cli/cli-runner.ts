import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { bundleNestEntry, exited } from '../support/spawn-ts-child';

const projectRoot = resolve(__dirname, '..', '..');

/** The CLI as a child process, bundled without a project build (see bundleNestEntry). */
export function bundleCli(): Promise<string> {
  return bundleNestEntry(join(projectRoot, 'src/cli/main.ts'));
}

export interface CliResult {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `policy-timeline <args>` against the data directory `dataDir`. */
export async function runCli(args: readonly string[], dataDir: string): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not needed by plain Node.
  const child = spawn(process.execPath, [await bundleCli(), ...args], { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await exited(child);
  return { code, stdout, stderr };
}
