import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { logDigest } from '../../src/audit/log-digest';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { runCli } from './cli-runner';

jest.setTimeout(180_000);

/** Position, id and hash of every event in an events file, read directly. */
function eventsIn(path: string): { position: number; id: string; hash: string }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT position, id, hash FROM events ORDER BY position').all() as never;
  } finally {
    db.close();
  }
}

describe('policy-timeline backup', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'policy-timeline-backup-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('copies a consistent, verified snapshot while the store keeps being written', async () => {
    const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
    const note = (n: number) =>
      store.append(
        `note-${n}`,
        [{ type: 'Noted', data: { n, text: 'x'.repeat(500) } }],
        'no-stream',
      );
    await Promise.all(Array.from({ length: 3000 }, (_, n) => note(n)));
    let writing = true;
    let written = 3000;
    const writer = (async () => {
      while (writing) await note(written++);
    })();
    const out = join(dataDir, 'backup.sqlite');
    const result = await runCli(['backup', '--out', out], dataDir);
    writing = false;
    await writer;
    await store.close();

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    const copied = eventsIn(out);
    const source = eventsIn(join(dataDir, 'events.sqlite'));
    // A snapshot: exactly the first events of the live log, none missing, none altered.
    expect(copied.length).toBeGreaterThanOrEqual(3000);
    expect(source.slice(0, copied.length)).toEqual(copied);
    expect(source.length).toBeGreaterThan(copied.length);
    expect(report).toMatchObject({
      ok: true,
      file: out,
      position: String(copied.length),
      eventsChecked: copied.length,
      digest: logDigest(copied.map((e) => e.hash)),
    });
    expect(report.bytes).toBeGreaterThan(0);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('refuses an existing file, and a store that is not there (exit 2)', async () => {
    const store = SqliteEventStore.open({ path: join(dataDir, 'events.sqlite') });
    await store.append('note-a', [{ type: 'Noted', data: {} }], 'no-stream');
    await store.close();
    const out = join(dataDir, 'backup.sqlite');
    expect((await runCli(['backup', '--out', out], dataDir)).code).toBe(0);
    const again = await runCli(['backup', '--out', out], dataDir);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('exists')]);
    const empty = mkdtempSync(join(tmpdir(), 'policy-timeline-backup-empty-'));
    const missing = await runCli(['backup', '--out', join(empty, 'b.sqlite')], empty);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no event store')]);
    rmSync(empty, { recursive: true, force: true });
  });
});
