import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadSeedCommands, type RecordItemCommand } from '../../events/seed';
import { runCli } from './cli-runner';

/**
 * `policy-timeline import` keeps independent records in flight together, so they share durable
 * commits, while a record that depends on another (same stream, or an id the other creates)
 * waits for it and a bad record still stops the run with nothing after it written.
 */
jest.setTimeout(180_000);

const seed = loadSeedCommands();
const entities = seed.filter((c) => c.kind === 'register-entity');
const items = seed.filter((c): c is RecordItemCommand => c.kind === 'record-item');
const fact = (i: number, key = `window:${i}`) => {
  const template = items[i % items.length];
  return { ...template, itemId: `${template.itemId}-w${i}`, idempotencyKey: key };
};

function stored(dataDir: string): { stream: string; recordedAt: string }[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return (
      db.prepare('SELECT stream, metadata FROM events ORDER BY position').all() as {
        stream: string;
        metadata: string;
      }[]
    ).map((row) => ({
      stream: row.stream,
      recordedAt: (JSON.parse(row.metadata) as { recordedAt: string }).recordedAt,
    }));
  } finally {
    db.close();
  }
}

describe('import windows', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'import-window-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  const importLines = (lines: unknown[]) => {
    const file = join(dataDir, 'records.ndjson');
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
    return runCli(['import', file], dataDir);
  };

  it('commits independent records together, after the entities they name', async () => {
    const records = Array.from({ length: 300 }, (_, i) => fact(i));
    const run = await importLines([...entities, ...records]);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    const events = stored(dataDir);
    expect(events).toHaveLength(entities.length + records.length);
    // Every entity is in before the first item that names it (the items wait for them).
    const firstItem = events.findIndex((e) => e.stream.startsWith('item-'));
    expect(firstItem).toBe(entities.length);
    // One recordedAt per durable commit: far fewer commits than records.
    const commits = new Set(events.slice(firstItem).map((e) => e.recordedAt)).size;
    expect(commits).toBeLessThan(records.length / 10);
  });

  it('runs a correction after the record it corrects, both from the same file', async () => {
    const recorded = fact(1);
    const correction = {
      kind: 'correct-item',
      idempotencyKey: 'window:correction',
      itemId: recorded.itemId,
      data: {
        kind: 'correction',
        reason: 'headline as published',
        patch: [{ op: 'replace', path: '/headline', value: 'Corrected in the same import' }],
      },
    };
    const run = await importLines([...entities, fact(0), recorded, fact(2), correction, fact(3)]);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    const streams = stored(dataDir).map((e) => e.stream);
    expect(streams.filter((s) => s === `item-${recorded.itemId}`)).toHaveLength(2);
  });

  it('stops at a bad record in the middle of a window, with nothing after it written', async () => {
    const bad = { ...fact(150), data: { ...fact(150).data, headline: '' } };
    const records = [
      ...Array.from({ length: 150 }, (_, i) => fact(i)),
      bad,
      ...Array.from({ length: 50 }, (_, i) => fact(151 + i)),
    ];
    const run = await importLines([...entities, ...records]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`line ${entities.length + 151}`);
    expect(run.stderr).toContain(`${entities.length + 150} earlier records were imported`);
    const streams = stored(dataDir).map((e) => e.stream);
    expect(streams).toHaveLength(entities.length + 150);
    expect(streams).not.toContain(`item-${bad.itemId}`);
    expect(streams).not.toContain(`item-${fact(151).itemId}`);
  });
});
