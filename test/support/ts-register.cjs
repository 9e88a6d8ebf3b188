/**
 * A require hook that compiles our TypeScript sources with swc, the transform Jest uses (same
 * decorator options). Jest's own module system does not reach worker threads: a worker started
 * from the sources (the projection thread under test, `npm run start:dev`) loads this first.
 */
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
