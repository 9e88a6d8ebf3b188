import { spawnSync } from 'node:child_process';
import { ENTITY_FIXTURES } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * /metrics as Prometheus's own linter reads it (`promtool check metrics`, from Debian's
 * prometheus package; .ci/run installs it). The only findings allowed are prom-client's default
 * gauges named *_total, which are the library's names, not ours (README, Metrics).
 */
const PROM_CLIENT_NAMES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const missing = promtool.error !== undefined || promtool.status !== 0;
if (missing) process.stderr.write('promtool consumer test skipped: promtool is not installed\n');

(missing ? describe.skip : describe)('/metrics read by promtool', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
    await t.request('POST', '/entities', { body: ENTITY_FIXTURES[0] }); // a 409 and a conflict
  });
  afterAll(() => t.close());

  it('parses the scrape and finds nothing to fix in our own metrics', async () => {
    const scrape = await t.request('GET', '/metrics');
    expect(scrape.status).toBe(200);
    const lint = spawnSync('promtool', ['check', 'metrics'], {
      input: scrape.text,
      encoding: 'utf8',
    });
    const findings = `${lint.stdout}${lint.stderr}`.split('\n').filter((line) => line.trim());
    // A parse error would be a finding too, and would not name a prom-client metric.
    expect(
      findings.filter((line) => !PROM_CLIENT_NAMES.some((n) => line.startsWith(`${n} `))),
    ).toEqual([]);
    expect(scrape.text).toContain('event_store_append_duration_seconds_bucket');
    expect(scrape.text).toContain('projection_lag_seconds');
  });

  it('fails on a metric that breaks the conventions (the check can fail)', () => {
    const lint = spawnSync('promtool', ['check', 'metrics'], {
      input: '# HELP bad_total a gauge named like a counter\n# TYPE bad_total gauge\nbad_total 1\n',
      encoding: 'utf8',
    });
    expect(lint.status).not.toBe(0);
    expect(`${lint.stdout}${lint.stderr}`).toContain('bad_total');
  });
});
