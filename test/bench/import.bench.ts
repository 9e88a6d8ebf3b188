import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFactData } from '../../events';
import { loadSeedCommands, type RecordItemCommand } from '../../events/seed';
import { withCliContext } from '../../src/cli/cli-context';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { CommandImporter } from '../../src/import/command-importer';
import { IMPORT_WINDOW } from '../../src/import/import-window';
import { readImportRecords } from '../../src/import/import-source';
import { bar } from './bench-io';

/**
 * `npm run bench:import [facts]` (default 100,000): `policy-timeline import` of an NDJSON file
 * of facts (the seed story's items under new ids, after its entities) through the command path —
 * the same validation, decider, reference checks, hash chain and durable group commit as HTTP.
 * In the same run: one record at a time (IMPORT_WINDOW 1, how import ran before), and two
 * floors: the one fact validation alone, and the durable hash-chained appends alone.
 */
const FACTS = Number(process.argv[2] || process.env.IMPORT_BENCH_FACTS || 100_000);
const ONE_AT_A_TIME = Math.min(FACTS, 10_000);
const ENTITIES = loadSeedCommands().filter((c) => c.kind === 'register-entity').length;

/** Writes the seed's entities and then `count` facts; returns the facts. */
function writeFacts(path: string, count: number): RecordItemCommand[] {
  const seed = loadSeedCommands();
  const items = seed.filter((c): c is RecordItemCommand => c.kind === 'record-item');
  const facts = Array.from({ length: count }, (_, i) => {
    const template = items[i % items.length];
    return { ...template, itemId: `${template.itemId}-${i}`, idempotencyKey: `bench:${i}` };
  });
  const lines = [...seed.filter((c) => c.kind === 'register-entity'), ...facts];
  writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
  return facts;
}

async function importFile(dataDir: string, file: string, count: number, label: string) {
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = 'silent';
  const progress = bar(label, count + ENTITIES);
  const t0 = performance.now();
  const summary = await withCliContext({ readSide: false }, ({ app }) =>
    app.get(CommandImporter).importAll(readImportRecords(file), {
      recordedBy: 'bench',
      onProgress: (p) => progress.update(p.processed),
    }),
  );
  progress.stop();
  return { seconds: (performance.now() - t0) / 1000, summary };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    const file = join(dir, 'facts.ndjson');
    const facts = writeFacts(file, FACTS);

    const validating = bar('floor: validation alone', FACTS);
    let t0 = performance.now();
    for (const [i, fact] of facts.entries()) {
      if (validateFactData(fact.type, JSON.parse(JSON.stringify(fact.data))).length > 0)
        throw new Error(`${fact.itemId} does not validate`);
      if (i % 1000 === 0) validating.update(i);
    }
    validating.stop();
    const validationRate = FACTS / ((performance.now() - t0) / 1000);

    const store = SqliteEventStore.open({ path: join(dir, 'floor.sqlite') });
    const appending = bar('floor: durable appends alone', FACTS);
    t0 = performance.now();
    for (let at = 0; at < FACTS; at += IMPORT_WINDOW.size) {
      const window = facts.slice(at, at + IMPORT_WINDOW.size);
      await Promise.all(
        window.map((fact) =>
          store.append(
            `item-${fact.itemId}`,
            [{ type: fact.type, data: fact.data as never }],
            'no-stream',
          ),
        ),
      );
      appending.update(at + window.length);
    }
    appending.stop();
    const appendRate = FACTS / ((performance.now() - t0) / 1000);
    await store.close();

    const windowSize = IMPORT_WINDOW.size;
    IMPORT_WINDOW.size = 1;
    const oneFile = join(dir, 'first-facts.ndjson');
    writeFacts(oneFile, ONE_AT_A_TIME);
    const single = await importFile(
      join(dir, 'one'),
      oneFile,
      ONE_AT_A_TIME,
      'import, one at a time',
    );
    IMPORT_WINDOW.size = windowSize;
    const windowed = await importFile(
      join(dir, 'windowed'),
      file,
      FACTS,
      `import, ${windowSize} in flight`,
    );
    if (windowed.summary.appended < FACTS)
      throw new Error(`only ${windowed.summary.appended} appended`);

    const rate = (n: number, s: number) => Math.round(n / s);
    const importRate = rate(windowed.summary.processed, windowed.seconds);
    const singleRate = rate(single.summary.processed, single.seconds);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(
      [
        `| import of ${fmt(FACTS)} facts | facts/s | µs a fact | ratio |`,
        '|:--|--:|--:|--:|',
        `| ${windowSize} records in flight | ${fmt(importRate)} | ${(1e6 / importRate).toFixed(0)} | 1.00× |`,
        `| one at a time (${fmt(ONE_AT_A_TIME)} facts) | ${fmt(singleRate)} | ${(1e6 / singleRate).toFixed(0)} | ${(singleRate / importRate).toFixed(2)}× |`,
        `| floor: validation alone | ${fmt(validationRate)} | ${(1e6 / validationRate).toFixed(0)} | ${(validationRate / importRate).toFixed(2)}× |`,
        `| floor: durable appends alone | ${fmt(appendRate)} | ${(1e6 / appendRate).toFixed(0)} | ${(appendRate / importRate).toFixed(2)}× |`,
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
