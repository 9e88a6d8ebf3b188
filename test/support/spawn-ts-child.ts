import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Runs a TypeScript entry point of ours in a separate Node process, without a project build.
 *
 * Why esbuild: Node 24's type stripping cannot load our sources (extension-less imports under
 * CommonJS, constructor parameter properties), and there is no TS register hook installed.
 * esbuild bundles the entry and the src/ files it imports into one CommonJS file in
 * node_modules/.cache, leaving packages external so they resolve from our node_modules exactly
 * as in the app (better-sqlite3's native addon, ESM-only uuid via require(esm)).
 */
const projectRoot = resolve(__dirname, '..', '..');
const outDir = join(projectRoot, 'node_modules', '.cache', 'policy-timeline-test-children');

export function bundleChild(entry: string): string {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(entry, '.ts')}-${process.pid}.js`);
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

export function spawnTsChild(
  entry: string,
  args: readonly string[],
): ChildProcessWithoutNullStreams {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not needed by plain Node.
  return spawn(process.execPath, [bundleChild(entry), ...args], { env, stdio: 'pipe' });
}

/** Resolves with the exit code (or signal name) once the child has ended. */
export function exited(child: ChildProcessWithoutNullStreams): Promise<number | string> {
  return new Promise((resolveExit, reject) => {
    if (child.exitCode !== null) return resolveExit(child.exitCode);
    if (child.signalCode !== null) return resolveExit(child.signalCode);
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown'));
  });
}
