import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS } from '../../src/exports/csv.renderer';
import { TEST_ADMIN } from '../support/test-app';
import {
  ADVERSARIAL,
  startConsumerService,
  timelineItems,
  type ConsumerService,
} from './consumers.fixture';

/**
 * The CSV export read by the readers people use: csv-parse told the record delimiter (LF, as a
 * Unix tool or a line-splitting script reads it, and CRLF, as RFC 4180 says) with strict column
 * counts, and Python's csv module. Each must see exactly one record per item, every record as
 * wide as the header, and every cell as recorded — formula-looking cells with the leading
 * apostrophe the README documents.
 */

jest.setTimeout(60_000);

type Rows = string[][];

/** Strict: a record with more or fewer cells than the header throws. */
function parseWith(text: string, recordDelimiter: '\n' | '\r\n'): Rows {
  // With LF as the delimiter each record's CR is left over: rtrim drops it (and only it, as no
  // cell of ours ends in white space) — the way such a reader cleans its lines.
  return parse(text, {
    record_delimiter: recordDelimiter,
    rtrim: recordDelimiter === '\n',
    relax_column_count: false,
    relax_quotes: false,
  }) as Rows;
}

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const pythonMissing = python.error !== undefined || python.status !== 0;
if (pythonMissing) {
  process.stderr.write('CSV consumer test with Python skipped: python3 is not installed\n');
}
const itWithPython = pythonMissing ? it.skip : it;

/** Python's csv module, reading the bytes as a file opened with newline='' (its documented use). */
function parseWithPython(bytes: Buffer): Rows {
  const script = [
    'import csv, io, json, sys',
    "text = io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8-sig', newline='')",
    'rows = list(csv.reader(text, strict=True))',
    'width = len(rows[0])',
    'bad = [i for i, r in enumerate(rows) if len(r) != width]',
    "if bad: sys.exit(f'rows {bad} are not {width} cells wide')",
    'json.dump(rows, sys.stdout)',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: bytes, maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`python3 csv: ${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString('utf8')) as Rows;
}

/** What a spreadsheet must be shown: the text as recorded, formula starts neutralised. */
const asExported = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

describe('CSV export read by real CSV consumers', () => {
  let service: ConsumerService;
  let items: Record<string, unknown>[];
  let bytes: Buffer;

  beforeAll(async () => {
    service = await startConsumerService();
    items = await timelineItems(service);
    bytes = await download('/timeline?format=csv');
  });
  afterAll(() => service.t.close());

  async function download(path: string): Promise<Buffer> {
    const url = `${service.t.baseUrl}${path}&minPosition=${service.head}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${TEST_ADMIN.key}` } });
    expect([res.status, res.headers.get('content-type')]).toEqual([
      200,
      'text/csv; charset=utf-8; header=present',
    ]);
    return Buffer.from(await res.arrayBuffer());
  }

  /** One record per item in timeline order, and the adversarial cells exactly as recorded. */
  function expectFaithful(rows: Rows): void {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const records = rows.slice(1);
    expect(records.map((r) => r[0])).toEqual(items.map((i) => i.itemId));
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    for (const item of ADVERSARIAL) {
      const record = records.find((r) => r[0] === item.itemId)!;
      expect(record[column('headline')]).toBe(asExported(item.headline));
      expect(record[column('summary')]).toBe(asExported(item.summary));
      const sources = item.sources.map((s) => `${s.publisher} — ${s.title} <${s.url}>`);
      expect(
        record[column('sources')].split('\n').map((line) => line.replace(/ \(.*\)$/, '')),
      ).toEqual(sources.map((line, n) => (n === 0 ? asExported(line) : line)));
    }
  }

  it('csv-parse with LF as the record delimiter sees one record per item', () => {
    expect(items.length).toBeGreaterThan(ADVERSARIAL.length + 8);
    expectFaithful(parseWith(bytes.toString('utf8'), '\n'));
  });

  it('csv-parse with CRLF as the record delimiter sees one record per item', () => {
    expectFaithful(parseWith(bytes.toString('utf8'), '\r\n'));
  });

  itWithPython("Python's csv module sees one record per item, every cell as recorded", () => {
    expectFaithful(parseWithPython(bytes));
  });

  it('has no byte-order mark unless asked; bom=true adds one that readers drop', async () => {
    expect(bytes.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
    const withBom = await download('/timeline?format=csv&bom=true');
    expect(withBom.subarray(0, 3).toString('hex')).toBe('efbbbf');
    expect(withBom.subarray(3).equals(bytes)).toBe(true);
    const parsed = parse(withBom.toString('utf8'), { bom: true, record_delimiter: '\r\n' }) as Rows;
    expectFaithful(parsed);
    if (!pythonMissing) expectFaithful(parseWithPython(withBom));
  });

  it('refuses bom outside a CSV export, naming it', async () => {
    for (const query of ['format=ndjson&bom=true', 'bom=true', 'format=csv&bom=yes']) {
      const res = await service.t.request('GET', `/timeline?${query}`);
      expect([query, res.status, res.body.fields]).toEqual([
        query,
        400,
        [{ field: 'bom', message: expect.any(String) }],
      ]);
    }
  });
});
