import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { prepareDatabase } from '../../src/event-store/sqlite/sqlite-schema';
import { ms, percentile, rate, runFor, samplePayload, table } from './store-bench-helpers';

/**
 * `npm run bench:store` — the SQLite event store against raw better-sqlite3 on the same file
 * system in the same run (DESIGN.md §4: ratios against baselines, never timed assertions).
 * Optional argument: FULL (default) or NORMAL synchronous.
 * Goals (issue 2): 64 callers >= 20,000 appends/s and >= 5x raw autocommit; readAll >= 50% of raw.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const synchronous = process.argv[2] === 'NORMAL' ? 'NORMAL' : 'FULL';
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));

async function appendRate(callers: number) {
  const batches: number[] = [];
  const store = SqliteEventStore.open({
    path: join(dir, `append-${callers}.sqlite`),
    synchronous,
    onBatch: (size) => batches.push(size),
  });
  const result = await runFor(
    `store append, ${callers} caller(s)`,
    SECONDS,
    callers,
    async (c, i) => {
      await store.append(
        `item-${c}`,
        [{ type: 'SanctionThreatened', data: samplePayload(c, i) }],
        i,
      );
      return 1;
    },
  );
  await store.close();
  const meanBatch = batches.reduce((a, b) => a + b, 0) / Math.max(1, batches.length);
  return { ...result, meanBatch };
}

/** Baseline: the same row shape inserted one autocommit statement at a time (one fsync each). */
async function rawAutocommitRate() {
  const db = new Database(join(dir, 'raw.sqlite'));
  prepareDatabase(db, synchronous);
  const insert = db.prepare(
    `INSERT INTO events (stream, version, id, type, schema_version, data, metadata, prev_hash, hash)
     VALUES (?, ?, ?, ?, 1, ?, ?, NULL, ?)`,
  );
  const metadata = JSON.stringify({ recordedAt: new Date().toISOString(), recordedBy: 'bench' });
  const result = await runFor('raw better-sqlite3 autocommit insert', SECONDS, 1, (c, i) => {
    const data = JSON.stringify(samplePayload(c, i));
    insert.run('item-raw', i + 1, `id-${i}`, 'SanctionThreatened', data, metadata, 'h'.repeat(64));
    return 1;
  });
  db.close();
  return result;
}

async function readRates(path: string) {
  const store = SqliteEventStore.open({ path, synchronous });
  const total = Number(await store.headPosition());
  const page = 1000;
  const viaStore = await runFor('store readAll + decode', SECONDS, 1, async () => {
    for (let after = 0n; ;) {
      const events = await store.readAll({ after, limit: page });
      if (events.length === 0) return total;
      after = events[events.length - 1].position;
    }
  });
  await store.close();

  const db = new Database(path, { readonly: true });
  const select = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const raw = await runFor('raw SELECT + JSON.parse', SECONDS, 1, () => {
    for (let after = 0; ;) {
      const rows = select.all(after, page);
      if (rows.length === 0) return total;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      after = rows[rows.length - 1].position;
    }
  });
  db.close();
  return { viaStore, raw, total };
}

async function main(): Promise<void> {
  console.error(`bench:store — synchronous=${synchronous}, ${SECONDS} s per run, files in ${dir}`);
  const loadBefore = loadavg()[0];
  const single = await appendRate(1);
  const concurrent = await appendRate(64);
  const raw = await rawAutocommitRate();
  const reads = await readRates(join(dir, 'append-64.sqlite'));

  const x = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
  console.log(
    `\nEvent store benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ` +
      `${cpus().length} CPU(s), load average ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}, ` +
      `synchronous=${synchronous}, WAL, temp dir on the same file system\n`,
  );
  console.log(
    table(
      ['Measurement', 'Rate (events/s)', 'p50 / p99 latency', 'vs baseline'],
      [
        [
          'store append, 1 caller (1 event/append)',
          rate(single.perSecond),
          `${ms(percentile(single.latenciesMs, 50))} / ${ms(percentile(single.latenciesMs, 99))}`,
          x(single.perSecond, raw.perSecond),
        ],
        [
          `store append, 64 callers (mean group commit ${concurrent.meanBatch.toFixed(1)})`,
          rate(concurrent.perSecond),
          `${ms(percentile(concurrent.latenciesMs, 50))} / ${ms(percentile(concurrent.latenciesMs, 99))}`,
          x(concurrent.perSecond, raw.perSecond),
        ],
        [
          'baseline: raw better-sqlite3 autocommit insert',
          rate(raw.perSecond),
          `${ms(percentile(raw.latenciesMs, 50))} / ${ms(percentile(raw.latenciesMs, 99))}`,
          '1.0×',
        ],
        [
          `store readAll + decode (${rate(reads.total)} events, pages of 1000)`,
          rate(reads.viaStore.perSecond),
          '',
          `${((reads.viaStore.perSecond / reads.raw.perSecond) * 100).toFixed(0)} %`,
        ],
        ['baseline: raw SELECT + JSON.parse', rate(reads.raw.perSecond), '', '100 %'],
      ],
    ),
  );
  const goals = [
    [`64 callers >= 20,000 appends/s`, concurrent.perSecond >= 20000],
    [`64 callers >= 5x raw autocommit`, concurrent.perSecond >= 5 * raw.perSecond],
    [`readAll >= 50 % of raw read`, reads.viaStore.perSecond >= 0.5 * reads.raw.perSecond],
  ] as const;
  console.log(
    `\nGoals: ${goals.map(([goal, met]) => `${goal}: ${met ? 'met' : 'NOT met'}`).join('; ')}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
