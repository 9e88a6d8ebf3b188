import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { logDigest } from '../../src/audit/log-digest';
import { importEventId } from '../../src/import/import-command';
import { runCli } from './cli-runner';

/** Reads the events file directly, as an outsider would. */
function storedEvents(dataDir: string): { id: string; stream: string; hash: string }[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT id, stream, hash FROM events ORDER BY position').all() as never;
  } finally {
    db.close();
  }
}

// Each case starts Node processes that boot Nest; slow machines need more than the default 30 s.
jest.setTimeout(180_000);

describe('policy-timeline CLI', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'policy-timeline-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the story once; a second seed appends nothing', async () => {
    const first = await runCli(['seed'], dataDir);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.appended).toBe(summary.processed);
    expect(summary.processed).toBeGreaterThan(20);
    const afterFirst = storedEvents(dataDir);
    expect(afterFirst).toHaveLength(summary.processed);

    const second = await runCli(['seed'], dataDir);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      processed: summary.processed,
      appended: 0,
      alreadyPresent: summary.processed,
      matchedExisting: 0,
    });
    expect(storedEvents(dataDir)).toEqual(afterFirst);
  });

  it('prints the log digest an outsider can recompute', async () => {
    const events = storedEvents(dataDir);
    const head = await runCli(['digest'], dataDir);
    expect(head.code).toBe(0);
    expect(JSON.parse(head.stdout)).toEqual({
      position: String(events.length),
      eventCount: events.length,
      digest: logDigest(events.map((e) => e.hash)),
    });
    const at5 = JSON.parse((await runCli(['digest', '--position', '5'], dataDir)).stdout);
    expect(at5).toEqual({
      position: '5',
      eventCount: 5,
      digest: logDigest(events.slice(0, 5).map((e) => e.hash)),
    });
  });

  it('imports an NDJSON file idempotently and stops at a bad record, naming its line', async () => {
    const file = join(dataDir, 'commands.ndjson');
    const entity = (id: string, key: string) =>
      JSON.stringify({
        kind: 'register-entity',
        idempotencyKey: key,
        data: { entityId: id, kind: 'organization', name: `Org ${id}`, aliases: [`Org ${id}`] },
      });
    writeFileSync(
      file,
      `${entity('ent:org:cli-a', 'cli:a')}\n\n${entity('ent:org:cli-b', 'cli:b')}\n`,
    );
    const first = await runCli(['import', file], dataDir);
    expect([first.code, JSON.parse(first.stdout)]).toEqual([
      0,
      { processed: 2, appended: 2, alreadyPresent: 0, matchedExisting: 0 },
    ]);
    expect(storedEvents(dataDir).filter((e) => e.id === importEventId('cli:a'))).toHaveLength(1);
    const again = await runCli(['import', file], dataDir);
    expect(JSON.parse(again.stdout)).toEqual({
      processed: 2,
      appended: 0,
      alreadyPresent: 2,
      matchedExisting: 0,
    });

    const bad = join(dataDir, 'bad.ndjson');
    const badItem = {
      kind: 'record-item',
      idempotencyKey: 'cli:bad',
      itemId: 'cli-bad',
      type: 'SanctionImposed',
      data: { headline: '' },
    };
    writeFileSync(
      bad,
      `${entity('ent:org:cli-c', 'cli:c')}\n${JSON.stringify(badItem)}\n${entity('ent:org:cli-d', 'cli:d')}\n`,
    );
    const before = storedEvents(dataDir).length;
    const stopped = await runCli(['import', bad], dataDir);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('bad.ndjson line 2');
    // It says what the stopped run left behind and how to resume it.
    expect(stopped.stderr).toContain('1 earlier records were imported (1 appended');
    expect(stopped.stderr).toContain('run the same command again');
    const streams = storedEvents(dataDir).map((e) => e.stream);
    expect(streams).toHaveLength(before + 1);
    expect(streams).toContain('entity-ent:org:cli-c');
    expect(streams).not.toContain('item-cli-bad');
    expect(streams).not.toContain('entity-ent:org:cli-d');
  });

  it('verifies the log and a saved digest (exit 0)', async () => {
    const saved = JSON.parse((await runCli(['digest', '--position', '10'], dataDir)).stdout);
    const result = await runCli(['verify', '--position', '10', '--digest', saved.digest], dataDir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      eventsChecked: 10,
      digest: saved.digest,
    });
    expect(JSON.parse((await runCli(['verify'], dataDir)).stdout).ok).toBe(true);
  });

  it('replays the timeline as it stood at a position, before and after a retraction', async () => {
    const replay = async (...args: string[]) => {
      const result = await runCli(['replay', '--json', ...args], dataDir);
      expect(result.code).toBe(0);
      return result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { itemId: string; status: string });
    };
    const seedEvents = storedEvents(dataDir);
    const recorded = seedEvents.findIndex((e) => e.stream === 'item-xi-lavrov-dup-tribune') + 1;
    const before = await replay('--as-of', `position:${recorded}`);
    expect(before.find((i) => i.itemId === 'xi-lavrov-dup-tribune')?.status).not.toBe('retracted');
    expect(before).toHaveLength(12);
    const now = await replay('--as-of', `position:${seedEvents.length}`);
    expect(now.map((i) => i.itemId)).not.toContain('xi-lavrov-dup-tribune');
    const withRetracted = await replay(
      '--as-of',
      `position:${seedEvents.length}`,
      '--include-retracted',
    );
    expect(withRetracted.find((i) => i.itemId === 'xi-lavrov-dup-tribune')?.status).toBe(
      'retracted',
    );
    expect(await replay('--as-of', 'position:0')).toEqual([]);
  });

  it('rebuilds a projection and reports it active again', async () => {
    const result = await runCli(['rebuild', 'timeline-items'], dataDir);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'timeline-items',
      rebuild: null,
      state: 'live',
    });
  });

  it('exits 2 on usage errors, 0 on --help', async () => {
    for (const args of [
      ['no-such-command'],
      ['verify', '--position', 'ten'],
      ['verify', '--digest', 'abc'],
      ['import'],
      ['digest', '--position', '999999'],
    ]) {
      const result = await runCli(args, dataDir);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).not.toBe('');
    }
    for (const command of ['seed', 'import', 'verify', 'digest', 'replay', 'rebuild']) {
      const help = await runCli([command, '--help'], dataDir);
      expect([command, help.code]).toEqual([command, 0]);
      expect(help.stdout).toContain(`Usage: policy-timeline ${command}`);
    }
  });

  it('exits 1 and names the event when the store was tampered with (run last: it breaks the log)', async () => {
    const db = new Database(join(dataDir, 'events.sqlite'));
    const target = db
      .prepare('SELECT position, id, stream, data FROM events WHERE position = 7')
      .get() as {
      position: number;
      id: string;
      stream: string;
      data: string;
    };
    db.prepare('UPDATE events SET data = ? WHERE position = 7').run(target.data.replace('"', '"x'));
    db.close();
    const result = await runCli(['verify'], dataDir);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      break: { position: '7', eventId: target.id, stream: target.stream, problem: 'hash-mismatch' },
    });
  });
});
