import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transformSync } from '@swc/core';
import { build, type Plugin } from 'esbuild';
import { exited } from '../support/spawn-ts-child';

/**
 * Runs src/cli/main.ts as a child process without a project build, like spawn-ts-child does for
 * the crash test — but Nest's dependency injection reads the constructor parameter types that
 * `emitDecoratorMetadata` emits, which esbuild does not. So each .ts file is compiled by swc
 * (the same transform Jest uses) and esbuild only bundles the result.
 */
const projectRoot = resolve(__dirname, '..', '..');
const outDir = join(projectRoot, 'node_modules', '.cache', 'policy-timeline-test-children');

const swcDecorators: Plugin = {
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

let bundled: Promise<string> | undefined;

/** Bundles the CLI once per test process. */
export function bundleCli(): Promise<string> {
  bundled ??= (async () => {
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `cli-main-${process.pid}.js`);
    await build({
      entryPoints: [join(projectRoot, 'src/cli/main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      packages: 'external',
      logLevel: 'error',
      plugins: [swcDecorators],
    });
    return outfile;
  })();
  return bundled;
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
