// `npm start` and `npm run seed` build first only when a source is newer than the build: a full
// build takes ~30 s, and running the seed or restarting the service should not pay it each time.
// Plain CommonJS on purpose: it runs before anything is compiled.
const { execSync } = require('node:child_process');
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `policy-timeline: Node 24 or later is required; this is Node ${process.versions.node} (${process.execPath}).\n`,
  );
  process.exit(1);
}

function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const inputs = [
  'src',
  'events',
  'projections',
  'web',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
];
const outputs = ['dist/src/main.js', 'dist/src/cli/main.js', 'dist/web/index.html'];
const built = Math.min(
  ...outputs.map((file) => statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? 0),
);
if (built === 0 || inputs.some((input) => newest(join(root, input)) > built)) {
  process.stderr.write('policy-timeline: building (sources changed since the last build)…\n');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
