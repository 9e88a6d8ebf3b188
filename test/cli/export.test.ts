import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ical, { type VEvent } from 'node-ical';
import { runCli } from './cli-runner';

// Each case starts Node processes that boot Nest; slow machines need more than the default 30 s.
jest.setTimeout(180_000);

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('policy-timeline export', () => {
  let dataDir: string;
  let head: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'policy-timeline-cli-export-'));
    expect((await runCli(['seed'], dataDir)).code).toBe(0);
    head = JSON.parse((await runCli(['digest'], dataDir)).stdout).position;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints NDJSON to stdout: the same items replay prints for the same moment', async () => {
    const exported = await runCli(['export', '--format', 'ndjson'], dataDir);
    expect(exported.code).toBe(0);
    const replayed = await runCli(['replay', '--as-of', `position:${head}`, '--json'], dataDir);
    expect(lines(exported.stdout).map((l) => JSON.parse(l))).toEqual(
      lines(replayed.stdout).map((l) => JSON.parse(l)),
    );
    expect(lines(exported.stdout).length).toBeGreaterThan(8);
  });

  it('writes CSV to --out as of a past position and reports a JSON summary', async () => {
    const out = join(dataDir, 'timeline.csv');
    const result = await runCli(
      ['export', '--format', 'csv', '--as-of', 'position:20', '--out', out],
      dataDir,
    );
    expect(result.code).toBe(0);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as { itemId: string }[];
    expect(JSON.parse(result.stdout)).toEqual({
      format: 'csv',
      items: rows.length,
      position: '20',
      out,
    });
    const replayed = await runCli(['replay', '--as-of', 'position:20', '--json'], dataDir);
    expect(rows.map((r) => r.itemId)).toEqual(
      lines(replayed.stdout).map((l) => JSON.parse(l).itemId),
    );
    // Written whole, then renamed: no partial file is left behind.
    expect(readdirSync(dataDir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('writes iCalendar with retracted items cancelled when asked to include them', async () => {
    const result = await runCli(['export', '--format', 'ics', '--include-retracted'], dataDir);
    expect(result.code).toBe(0);
    const events = Object.values(ical.sync.parseICS(result.stdout)).filter(
      (c): c is VEvent => c?.type === 'VEVENT',
    );
    expect(events.find((e) => e.uid === 'xi-lavrov-dup-tribune@policy-timeline')?.status).toBe(
      'CANCELLED',
    );
  });

  it('exits 2 naming the option for an unknown format, a missing format or a bad --as-of', async () => {
    const unknown = await runCli(['export', '--format', 'xlsx'], dataDir);
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain('--format must be one of csv, ndjson, timelinejs, ics');
    const missing = await runCli(['export'], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--format');
    const badAsOf = await runCli(['export', '--format', 'csv', '--as-of', 'yesterday'], dataDir);
    expect(badAsOf.code).toBe(2);
    expect(badAsOf.stderr).toContain('asOf');
  });
});
