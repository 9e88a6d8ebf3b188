import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { prepareDatabase } from '../../src/event-store/sqlite/sqlite-schema';
import {
  interleave,
  latency,
  rate,
  samplePayload,
  type Measurement,
  type Scenario,
  table,
} from './store-bench-helpers';

/**
 * `npm run bench:store` — the SQLite event store against raw better-sqlite3 on the same file
 * system in the same run (docs/performance.md: ratios against baselines, never timed assertions).
 * Optional argument: FULL (default) or NORMAL synchronous. BENCH_SECONDS: seconds per scenario.
 * Goals (issue 2): 64 callers >= 20,000 appends/s and >= 5x raw autocommit; readAll >= 50% of raw.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 5;
const synchronous = process.argv[2] === 'NORMAL' ? 'NORMAL' : 'FULL';
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const PAGE = 1000;

/** Single-event appends by `callers` callers, each to its own stream at its next version. */
function storeAppends(store: SqliteEventStore, callers: number): Scenario {
  const versions = new Array<number>(callers).fill(0);
  return {
    label: `store, ${callers} caller(s)`,
    callers,
    operation: async (caller) => {
      const version = versions[caller]++;
      const data = samplePayload(caller, version);
      await store.append(
        `item-${callers}-${caller}`,
        [{ type: 'SanctionThreatened', data }],
        version,
      );
      return 1;
    },
  };
}

/** Baseline: the same table and row shape, one autocommit INSERT (one fsync) at a time. */
function rawAutocommitInserts(db: Database.Database): Scenario {
  const insert = db.prepare(
    `INSERT INTO events (stream, version, id, type, schema_version, data, metadata, prev_hash, hash)
     VALUES ('item-raw', ?, ?, 'SanctionThreatened', 1, ?, ?, NULL, ?)`,
  );
  const metadata = JSON.stringify({ recordedAt: new Date().toISOString(), recordedBy: 'bench' });
  let version = 0;
  return {
    label: 'raw autocommit insert',
    callers: 1,
    operation: () => {
      version += 1;
      const data = JSON.stringify(samplePayload(0, version));
      insert.run(version, `raw-${version}`, data, metadata, 'h'.repeat(64));
      return 1;
    },
  };
}

/** Reads the whole log page by page, through the store or as raw SELECT + JSON.parse. */
function readScenarios(store: SqliteEventStore, db: Database.Database): Scenario[] {
  const select = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  return [
    {
      label: 'store readAll + decode',
      callers: 1,
      operation: async () => {
        let count = 0;
        for (let after = 0n; ;) {
          const events = await store.readAll({ after, limit: PAGE });
          if (events.length === 0) return count;
          count += events.length;
          after = events[events.length - 1].position;
        }
      },
    },
    {
      label: 'raw SELECT + JSON.parse',
      callers: 1,
      operation: () => {
        let count = 0;
        for (let after = 0; ;) {
          const rows = select.all(after, PAGE);
          if (rows.length === 0) return count;
          for (const row of rows) {
            JSON.parse(row.data);
            JSON.parse(row.metadata);
          }
          count += rows.length;
          after = rows[rows.length - 1].position;
        }
      },
    },
  ];
}

function row(label: string, m: Measurement, versus: string, withLatency = true): string[] {
  return [
    label,
    rate(m.perSecond),
    withLatency ? latency(m) : '',
    m.cpuMicrosPerEvent.toFixed(1),
    versus,
  ];
}

async function main(): Promise<void> {
  console.error(`bench:store: synchronous=${synchronous}, ${SECONDS} s per scenario, in ${dir}`);
  const loadBefore = loadavg()[0];
  // Separate files, so each append scenario's group-commit sizes are observed on their own.
  const open = (name: string, batches: number[]) =>
    SqliteEventStore.open({
      path: join(dir, name),
      synchronous,
      onBatch: (size) => batches.push(size),
    });
  const singleBatches: number[] = [];
  const concurrentBatches: number[] = [];
  const singleStore = open('store-1.sqlite', singleBatches);
  const store = open('store-64.sqlite', concurrentBatches);
  const rawDb = new Database(join(dir, 'raw.sqlite'));
  prepareDatabase(rawDb, synchronous);

  const appendScenarios = [
    storeAppends(singleStore, 1),
    storeAppends(store, 64),
    rawAutocommitInserts(rawDb),
  ];
  const [single, concurrent, raw] = await interleave('appends', appendScenarios, SECONDS, ROUNDS);
  rawDb.close();
  await singleStore.close();
  const mean = (sizes: number[]) => sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const meanBatch = mean(concurrentBatches);
  if (mean(singleBatches) !== 1) throw new Error('one caller should never share a commit');
  const readDb = new Database(join(dir, 'store-64.sqlite'), { readonly: true });
  const total = Number(await store.headPosition());
  const [viaStore, rawRead] = await interleave(
    'reads',
    readScenarios(store, readDb),
    SECONDS,
    ROUNDS,
  );
  readDb.close();
  await store.close();

  const x = (m: Measurement) => `${(m.perSecond / raw.perSecond).toFixed(1)}×`;
  const readShare = (viaStore.perSecond / rawRead.perSecond) * 100;
  console.log(
    `\nEvent store benchmark, ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ` +
      `${cpus().length} CPU(s), load average ${loadBefore.toFixed(1)} -> ${loadavg()[0].toFixed(1)}, ` +
      `synchronous=${synchronous}, WAL, temp files on the same file system, ` +
      `${SECONDS} s per scenario in ${ROUNDS} interleaved slices\n`,
  );
  console.log(
    table(
      ['Measurement', 'events/s', 'p50 / p99 latency', 'CPU µs/event', 'vs baseline'],
      [
        row('store append, 1 caller, 1 event per append', single, x(single)),
        row(
          `store append, 64 callers (mean batch ${meanBatch.toFixed(1)} appends)`,
          concurrent,
          x(concurrent),
        ),
        row('baseline: raw better-sqlite3 autocommit INSERT', raw, '1.0×'),
        row(
          `store readAll + decode (${rate(total)} events, pages of ${PAGE})`,
          viaStore,
          `${readShare.toFixed(0)} %`,
          false,
        ),
        row('baseline: raw SELECT * + JSON.parse', rawRead, '100 %', false),
      ],
    ),
  );
  const goals: [string, boolean][] = [
    ['64 callers >= 20,000 appends/s', concurrent.perSecond >= 20000],
    ['64 callers >= 5x raw autocommit', concurrent.perSecond >= 5 * raw.perSecond],
    ['readAll >= 50 % of raw read', readShare >= 50],
  ];
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
