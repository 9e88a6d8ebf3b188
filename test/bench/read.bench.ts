import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { APP_CONFIG } from '../../src/config/app-config';
import { EVENT_STORE } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { ProblemFilter } from '../../src/http/problem.filter';
import { ReadModelModule } from '../../src/read-model/read-model.module';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { bar, fetchText, fmt, keepAlive, pct } from './bench-io';
import { COUNTRIES, TOPICS, WORDS, entityId, generate, rng } from './read-bench-generator';
import { textIndexFloor } from './text-index-floor';

/**
 * `npm run bench:read [events]` (or READ_BENCH_EVENTS): builds a synthetic store, then measures a
 * full read-model rebuild against a raw SELECT + JSON.parse of the same events, peak RSS during
 * the rebuild, /timeline latency for five filter mixes and asOf latency at random past positions
 * (over a real loopback HTTP connection), and the read-model file size. Progress on stderr.
 */
const TOTAL = Number(
  (process.argv[2] !== '--rebuild-child' && process.argv[2]) ||
    process.env.READ_BENCH_EVENTS ||
    1_000_000,
);
const REQUESTS = Number(process.env.READ_BENCH_REQUESTS ?? 300);
const dir = process.argv[2] === '--rebuild-child' ? '' : mkdtempSync(join(tmpdir(), 'bench-read-'));
const storePath = join(dir, 'events.sqlite');
const readModelPath = join(dir, 'read-model.sqlite');

async function main(): Promise<void> {
  const store = SqliteEventStore.open({ path: storePath, synchronous: 'NORMAL' });
  const gen = bar('generating events', TOTAL);
  await generate(store, TOTAL, (n) => gen.update(Math.min(n, TOTAL)));
  gen.stop();
  const head = await store.headPosition();

  // Baseline: the same events straight out of SQLite, decoded, nothing else.
  const raw = new Database(storePath, { readonly: true });
  const t0 = performance.now();
  let parsed = 0;
  for (const row of raw
    .prepare('SELECT data, metadata FROM events ORDER BY position')
    .iterate() as Iterable<{ data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    parsed += 1;
  }
  const rawRate = parsed / ((performance.now() - t0) / 1000);
  raw.close();

  // Full rebuild from position 0 into a fresh read-model file, in a child process so that its
  // peak RSS is the rebuild's alone (not the generator's heap).
  const child = fork(__filename, ['--rebuild-child', storePath, readModelPath, head.toString()], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const rebuilt = await new Promise<{ seconds: number; maxRssBytes: number }>((resolve, reject) => {
    child.on('message', (m) => resolve(m as { seconds: number; maxRssBytes: number }));
    child.on('exit', (code) => reject(new Error(`rebuild child exited with ${code}`)));
  });
  const rebuildSeconds = rebuilt.seconds;
  const peakRss = rebuilt.maxRssBytes;
  const rebuildRate = Number(head) / rebuildSeconds;

  // Queries through the HTTP stack (Nest + Fastify on a loopback socket) on the built read model.
  // Not Fastify's inject: light-my-request keeps every earlier response reachable from the next
  // one, so the heap grew by ~0.4 MB a request and 20-30 ms scavenges made up the measured p99.
  @Global()
  @Module({
    providers: [
      { provide: EVENT_STORE, useValue: store },
      { provide: APP_CONFIG, useValue: { readModelPath, minPositionWaitMs: 1000 } },
    ],
    exports: [EVENT_STORE, APP_CONFIG],
  })
  class BenchGlobals {}
  @Module({ imports: [BenchGlobals, ReadModelModule] })
  class BenchApp {}
  const app = await NestFactory.create<NestFastifyApplication>(BenchApp, new FastifyAdapter(), {
    logger: ['error'],
  });
  app.useGlobalFilters(new ProblemFilter());
  await app.init();
  const service = app.get(ReadModelService);
  await service.waitForPosition(head, 60_000);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();

  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const hot = (n: number) => entityId(Math.floor(Math.pow(r(), 2.5) * n));
  const entityCount = Math.max(COUNTRIES.length + 5, Math.min(2000, Math.floor(TOTAL / 500)));
  const month = () =>
    `${2015 + Math.floor(r() * 11)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}`;
  const mixes: [string, () => string][] = [
    ['no filter, newest first', () => '/timeline?order=desc&limit=50'],
    [
      'entity (alias or id)',
      () => `/timeline?entity=${encodeURIComponent(hot(entityCount).split(':')[2])}&limit=50`,
    ],
    [
      'country + topic',
      () => `/timeline?country=${pick(COUNTRIES)}&topic=${pick(TOPICS)}&limit=50`,
    ],
    [
      'date range + type',
      () => {
        const m = month();
        return `/timeline?from=${m}&to=${m}&type=SanctionImposed&limit=50`;
      },
    ],
    ['text + confidence', () => `/timeline?q=${pick(WORDS)}&confidence=%3E%3Dreported&limit=50`],
    [
      'text + entity',
      () =>
        `/timeline?q=${pick(WORDS)}&entity=${encodeURIComponent(hot(entityCount).split(':')[2])}&limit=50`,
    ],
    [
      'text + one month',
      () => {
        const m = month();
        return `/timeline?q=${pick(WORDS)}&from=${m}&to=${m}&limit=50`;
      },
    ],
    [
      'asOf position (no filter)',
      () => `/timeline?asOf=position:${1 + Math.floor(r() * Number(head))}&limit=50`,
    ],
    [
      'asOf position + entity',
      () =>
        `/timeline?asOf=position:${1 + Math.floor(r() * Number(head))}&actor=${encodeURIComponent(hot(entityCount))}&limit=50`,
    ],
    [
      'asOf position + country',
      () =>
        `/timeline?asOf=position:${1 + Math.floor(r() * Number(head))}&country=${pick(COUNTRIES)}&order=desc&limit=50`,
    ],
    [
      'asOf item',
      () =>
        `/items/i${1 + Math.floor(r() * Number(head) * 0.8)}?asOf=position:${1 + Math.floor(r() * Number(head))}`,
    ],
  ];
  const results: [string, number, number, number][] = [];
  for (const [label, url] of mixes) {
    const b = bar(label, REQUESTS);
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < REQUESTS + 20; i += 1) {
      const start = performance.now();
      const res = await fetchText(`${base}${url()}`);
      const elapsed = performance.now() - start;
      if (res.statusCode !== 200 && res.statusCode !== 404)
        throw new Error(`${label}: ${res.statusCode} ${res.body}`);
      if (i >= 20) {
        times.push(elapsed);
        b.increment();
      }
      if (res.statusCode === 200) {
        items += ((JSON.parse(res.body) as { items?: unknown[] }).items ?? [1]).length;
      }
    }
    b.stop();
    results.push([label, pct(times, 50), pct(times, 99), items / (REQUESTS + 20)]);
  }
  keepAlive.destroy();
  await app.close();
  await store.close();

  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  const modelBytes = size(readModelPath) + size(`${readModelPath}-wal`);
  const textFloor = textIndexFloor(readModelPath, join(dir, 'floor.sqlite'), Number(head));
  const rawMicros = 1e6 / rawRate;
  const lines = [
    `events: ${fmt(Number(head))} (store ${fmt(size(storePath) / 2 ** 20)} MB)`,
    `rebuild: ${fmt(rebuildRate)} events/s (${rebuildSeconds.toFixed(1)} s); raw SELECT+JSON.parse ${fmt(rawRate)} events/s; ratio ${((rebuildRate / rawRate) * 100).toFixed(1)} %`,
    `peak RSS during rebuild: ${fmt(peakRss / 2 ** 20)} MB`,
    `read-model file: ${fmt(modelBytes / 2 ** 20)} MB`,
    `floors per event: raw decode ${rawMicros.toFixed(1)} µs, FTS5 indexing alone ${textFloor.toFixed(1)} µs ` +
      `(the rebuild took ${((rebuildSeconds * 1e6) / Number(head)).toFixed(1)} µs; 50,000/s on 2 cores allows 40 µs of CPU)`,
    '',
    '| query (page of 50) | p50 ms | p99 ms | mean items |',
    '|:--|--:|--:|--:|',
    ...results.map(
      ([l, p50, p99, n]) => `| ${l} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${n.toFixed(1)} |`,
    ),
  ];
  console.log(lines.join('\n'));
  rmSync(dir, { recursive: true, force: true });
}

/** The child side of the rebuild measurement: follow the store until the head, then report. */
async function rebuildChild(path: string, modelPath: string, head: bigint): Promise<void> {
  const store = SqliteEventStore.open({ path, synchronous: 'NORMAL' });
  const readModel = new ReadModelService(store, { readModelPath: modelPath });
  const progress = bar('rebuilding read model', Number(head));
  const t0 = performance.now();
  const timer = setInterval(() => progress.update(Number(readModel.position())), 250);
  await readModel.start();
  // Caught up means: every event applied AND the deferred indexes built (state live).
  const live = () =>
    readModel.timeline.active.state === 'live' && readModel.entities.active.state === 'live';
  while (!(await readModel.waitForPosition(head, 1000)) || !live()) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  progress.update(Number(head));
  progress.stop();
  await readModel.close();
  await store.close();
  process.send!({ seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 }, () =>
    process.exit(0),
  );
}

if (process.argv[2] === '--rebuild-child') {
  void rebuildChild(process.argv[3], process.argv[4], BigInt(process.argv[5]));
} else {
  run();
}

function run(): void {
  main().catch((error: unknown) => {
    console.error(error);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  });
}
