import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { transformSync } from '@swc/core';
import { build, buildSync, type BuildOptions, type Plugin } from 'esbuild';

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

/** One CommonJS file for Node 24, packages left to resolve from our node_modules. */
function bundleOptions(entry: string, suffix: string): BuildOptions & { outfile: string } {
  const dir = join(outDir, String(process.pid));
  mkdirSync(dir, { recursive: true });
  return {
    entryPoints: [entry],
    outfile: join(dir, `${basename(entry, '.ts')}${suffix}.js`),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    packages: 'external',
    logLevel: 'error',
  };
}

export function bundleChild(entry: string): string {
  const options = bundleOptions(entry, '');
  buildSync(options);
  return options.outfile;
}

/**
 * Nest's dependency injection reads the constructor parameter types that `emitDecoratorMetadata`
 * emits, which esbuild does not: so for Nest entry points (the server, the CLI) each .ts file is
 * compiled by swc — the same transform Jest uses — and esbuild only bundles the result.
 */
const swcDecoratorMetadata: Plugin = {
  name: 'swc-decorator-metadata',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, ({ path }) => ({
      loader: 'js',
      contents: transformSync(readFileSync(path, 'utf8'), {
        filename: path,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'es6' },
      }).code,
    }));
  },
};

const nestBundles = new Map<string, Promise<string>>();

/** Bundles a Nest entry point (once per test process) and returns the bundle's path. */
export function bundleNestEntry(entry: string): Promise<string> {
  let bundle = nestBundles.get(entry);
  if (!bundle) {
    bundle = (async () => {
      // Named by its folder too: src/main.ts and src/cli/main.ts must not overwrite each other.
      const options = bundleOptions(entry, `-${basename(dirname(entry))}-nest`);
      await build({ ...options, plugins: [swcDecoratorMetadata] });
      // The projection thread loads its entry from beside the code that starts it.
      const worker = join(projectRoot, 'src', 'read-model', 'projection-thread.worker.ts');
      await build({ ...bundleOptions(worker, ''), plugins: [swcDecoratorMetadata] });
      return options.outfile;
    })();
    nestBundles.set(entry, bundle);
  }
  return bundle;
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
