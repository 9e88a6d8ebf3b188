import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Redocly's own linter (its recommended ruleset) on the document the app serves, run offline as
 * a consumer would run it in CI. Errors fail; warnings are listed so a new one is seen.
 */
const REDOCLY = resolve(__dirname, '..', '..', 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await startTestApp();
  dir = mkdtempSync(join(tmpdir(), 'openapi-redocly-'));
}, 60_000);
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: { readonly pointer: string }[];
}

it('passes Redocly lint with no errors and no warnings', async () => {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, (await t.request('GET', '/openapi.json')).text);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [REDOCLY, 'lint', file, '--format=json', '--extends=recommended'],
    {
      cwd: dir, // no redocly.yaml there: the recommended ruleset, nothing of ours relaxed
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
      },
    },
  ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  const report = JSON.parse(stdout) as { totals: { errors: number }; problems: LintProblem[] };
  const problems = report.problems.map(
    (p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`,
  );
  expect(problems).toEqual([]);
  expect(report.totals.errors).toBe(0);
}, 60_000);
