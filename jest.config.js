// Worker threads started from the sources (the projection thread) compile them with this hook:
// Jest's module system does not reach them. Test workers inherit the variable.
process.env.TS_REGISTER_HOOK = require.resolve('./test/support/ts-register.cjs');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  testTimeout: 30000,
  maxWorkers: 2,
  // How long a worker may take to exit after the run before Jest kills it and warns "A worker
  // process has failed to exit gracefully" (default 500 ms). Ours leave nothing open (the event
  // loop is empty, 'exit' fires within ms); the time goes to V8 tearing down the worker's heap,
  // one munmap per 256 KB page, 0.3-0.9 s on the 2-CPU VM. The heap is large because each test
  // file loading NestJS 12 (ESM, so vm.SourceTextModule under --experimental-vm-modules) leaves
  // its module graph behind, ~30 MB a file (nodejs/node#59118). A real leak (a timer, socket or
  // child left running) still keeps the worker alive past this and still gets the warning.
  workerGracefulExitTimeout: 3000,
};
