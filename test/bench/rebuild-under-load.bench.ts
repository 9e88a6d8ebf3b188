import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { bar, fetchText, fmt, keepAlive, pct } from './bench-io';
import { COUNTRIES, generate } from './read-bench-generator';

/**
 * `npm run bench:rebuild-load [events]` (or REBUILD_BENCH_EVENTS, default 100,000): what a
 * rebuild does to a serving instance. For each place the projections can run (PROJECTION_THREAD
 * true, then false) it starts the real service on a copy of one synthetic store, waits until it
 * has caught up, measures `/timeline?country=…` over loopback HTTP while idle, then asks for a
 * rebuild of the timeline and keeps querying, one request at a time, until the swap.
 */
const TOTAL = Number(process.argv[2] || process.env.REBUILD_BENCH_EVENTS || 100_000);
const IDLE_REQUESTS = 300;
const KEY = 'rebuild-bench-admin-key-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'bench-rebuild-'));

interface Result {
  readonly thread: boolean;
  readonly idle: number[];
  readonly during: number[];
  readonly seconds: number;
}

async function measure(storePath: string, thread: boolean): Promise<Result> {
  const dataDir = join(dir, thread ? 'thread' : 'inline');
  mkdirSync(dataDir);
  copyFileSync(storePath, join(dataDir, 'events.sqlite'));
  const app = await createApp(
    loadConfig({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      PROJECTION_THREAD: String(thread),
      SQLITE_SYNCHRONOUS: 'NORMAL',
      RATE_LIMIT_PER_KEY: '1000000',
      RATE_LIMIT_ANONYMOUS: '1000000',
      API_KEYS: `bench:admin:${createHash('sha256').update(KEY).digest('hex')}`,
    }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = await app.getUrl();
  const readModel = app.get(ReadModelService);
  const label = `catch-up (thread ${thread})`;
  const progress = bar(label, TOTAL);
  while (!(await readModel.waitForPosition(BigInt(TOTAL), 250))) {
    progress.update(Number(readModel.position()));
  }
  while (readModel.timeline.active.state !== 'live') await new Promise((r) => setTimeout(r, 50));
  progress.update(TOTAL);
  progress.stop();

  let n = 0;
  const query = async () => {
    const country = COUNTRIES[(n += 1) % COUNTRIES.length];
    const start = performance.now();
    const res = await fetchText(`${base}/timeline?country=${country}&limit=50`);
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
    return performance.now() - start;
  };
  for (let i = 0; i < 20; i += 1) await query();
  const idle: number[] = [];
  for (let i = 0; i < IDLE_REQUESTS; i += 1) idle.push(await query());

  await post(`${base}/admin/projections/timeline-items/rebuild`);
  const during: number[] = [];
  const started = performance.now();
  while (readModel.timeline.building !== null) during.push(await query());
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  return { thread, idle, during, seconds };
}

function post(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    req.on('response', (res) => {
      res.resume();
      if (res.statusCode === 202) resolve();
      else reject(new Error(`rebuild answered ${res.statusCode}`));
    });
    req.on('error', reject).end();
  });
}

async function main(): Promise<void> {
  const storePath = join(dir, 'events.sqlite');
  const store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
  const generated = bar('generating events', TOTAL);
  await generate(store, TOTAL, (n) => generated.update(Math.min(n, TOTAL)));
  generated.stop();
  await store.close();
  const results = [await measure(storePath, true), await measure(storePath, false)];
  keepAlive.destroy();
  const ms = (values: number[]) =>
    values.length === 0
      ? '—'
      : `${pct(values, 50).toFixed(1)} / ${pct(values, 99).toFixed(1)} / ${Math.max(...values).toFixed(1)}`;
  console.log(
    [
      `rebuild of timeline-items under queries, ${fmt(TOTAL)} events, one request at a time`,
      '',
      '| PROJECTION_THREAD | idle p50 / p99 / max ms | during rebuild p50 / p99 / max ms | queries answered during rebuild |',
      '|:--|--:|--:|--:|',
      ...results.map(
        (r) =>
          `| ${r.thread} | ${ms(r.idle)} | ${ms(r.during)} | ${fmt(r.during.length)} in ${r.seconds.toFixed(1)} s |`,
      ),
    ].join('\n'),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
