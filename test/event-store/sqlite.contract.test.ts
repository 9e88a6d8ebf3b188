import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import { verifyStreamChain } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import { exited, spawnTsChild } from '../support/spawn-ts-child';
import { event, events, newStream, rejection, take } from './contract-helpers';
import { describeEventStoreContract } from './event-store.contract';

const tempDirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
  tempDirs.push(dir);
  return join(dir, 'events.sqlite');
}
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeEventStoreContract('SQLite (temp file, synchronous FULL)', async () => {
  const store = SqliteEventStore.open({ path: tempFile() });
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore specifics', () => {
  it('detects a row edited behind the store’s back', async () => {
    const path = tempFile();
    const store = SqliteEventStore.open({ path });
    const stream = newStream();
    await store.append(stream, events(1, 4), 'no-stream');

    const intruder = new Database(path);
    intruder
      .prepare(
        `UPDATE events SET data = json_set(data, '$.n', 999) WHERE stream = ? AND version = 2`,
      )
      .run(stream);
    let stored = await store.readStream(stream);
    expect(stored[1].data.n).toBe(999);
    expect(verifyStreamChain(stored)).toMatchObject({ version: 2, problem: 'hash-mismatch' });

    // A careful intruder also rewrites that row's hash: the next event's prevHash exposes it.
    intruder
      .prepare(`UPDATE events SET hash = ? WHERE stream = ? AND version = 2`)
      .run('0'.repeat(64), stream);
    intruder.close();
    stored = await store.readStream(stream);
    expect(verifyStreamChain(stored)).toMatchObject({ version: 2, problem: 'hash-mismatch' });
    expect(verifyStreamChain(stored.slice(2), { version: 2, hash: stored[1].hash })).toMatchObject({
      version: 3,
      problem: 'prev-hash-mismatch',
    });
    await store.close();
  });

  it('never records an event before the last one, even when the clock steps back', async () => {
    const path = tempFile();
    const times = ['2026-03-01T10:00:00.000Z', '2026-03-01T09:00:00.000Z'];
    let now = times[0];
    const store = SqliteEventStore.open({ path, clock: () => new Date(now) });
    await store.append(newStream(), events(1, 1), 'no-stream');
    now = times[1];
    await store.append(newStream(), events(1, 1), 'no-stream');
    await store.close();
    // Another process whose clock is behind writes the same file.
    const behind = SqliteEventStore.open({ path, clock: () => new Date('2026-03-01T08:00:00Z') });
    await behind.append(newStream(), events(1, 1), 'no-stream');
    now = '2026-03-01T11:00:00.000Z';
    await behind.close();
    const ahead = SqliteEventStore.open({ path, clock: () => new Date(now) });
    await ahead.append(newStream(), events(1, 1), 'no-stream');
    const recorded = (await ahead.readAll()).map((e) => e.metadata.recordedAt);
    expect(recorded).toEqual([times[0], times[0], times[0], now]);
    await ahead.close();
  });

  it('group-commits concurrent appends, failing only the conflicting one', async () => {
    const batches: number[] = [];
    const store = SqliteEventStore.open({
      path: tempFile(),
      onBatch: (size) => batches.push(size),
    });
    const conflicted = newStream();
    await store.append(conflicted, [event(0)], 'no-stream');
    batches.length = 0;

    const streams = Array.from({ length: 50 }, () => newStream());
    const good = streams.map((stream, i) => store.append(stream, [event(i)], 'no-stream'));
    const conflict = store.append(conflicted, [event(1)], 'no-stream');
    const results = await Promise.all(good);
    expect(await rejection(conflict)).toBeInstanceOf(ConcurrencyError);

    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(51);
    expect(batches.length).toBeLessThan(51);
    expect(Math.max(...batches)).toBeGreaterThan(1);
    for (const [i, stream] of streams.entries()) {
      expect((await store.readStream(stream)).map((e) => e.id)).toEqual([results[i].events[0].id]);
    }
    expect(await store.readStream(conflicted)).toHaveLength(1);
    await store.close();
  });

  it('keeps events, chains and idempotency across a reopen', async () => {
    const path = tempFile();
    const first = SqliteEventStore.open({ path });
    const stream = newStream();
    const batch = [{ ...event(1), id: '01890a5d-ac96-774b-bcce-b302099a8057' }];
    const original = await first.append(stream, batch, 'no-stream');
    await first.close();

    const second = SqliteEventStore.open({ path, synchronous: 'NORMAL' });
    expect(await second.append(stream, batch, 'no-stream')).toEqual(original);
    await second.append(stream, events(2, 2), 1);
    expect(verifyStreamChain(await second.readStream(stream))).toBeNull();
    expect(await second.headPosition()).toBe(3n);
    await second.close();
  });

  it('commits appends accepted before close() and refuses new ones after', async () => {
    const store = SqliteEventStore.open({ path: tempFile() });
    const accepted = store.append(newStream(), [event(1)], 'no-stream');
    await store.close();
    expect(await accepted).toMatchObject({ lastVersion: 1 });
    expect(await rejection(store.append(newStream(), [event(2)], 'any'))).toMatchObject({
      message: 'the event store is closed',
    });
  });

  it('reads the log from an inclusive position (from), refusing it together with after', async () => {
    const store = SqliteEventStore.open({ path: tempFile() });
    const { events: written } = await store.append(newStream(), events(1, 3), 'no-stream');
    expect(await store.readAll({ from: written[1].position })).toEqual(written.slice(1));
    expect(await store.readAll({ from: 0n, limit: 1 })).toEqual(written.slice(0, 1));
    await expect(store.readAll({ from: 1n, after: 1n })).rejects.toMatchObject({ field: 'from' });
    await store.close();
  });

  it('refuses a file written by a newer schema', () => {
    const path = tempFile();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => SqliteEventStore.open({ path })).toThrow(/schema 99/);
  });

  it('delivers appends made by another process to a live subscription', async () => {
    const path = tempFile();
    const store = SqliteEventStore.open({ path });
    await store.append(newStream(), [event(0)], 'no-stream');
    const subscription = store.subscribe({ after: await store.headPosition() });
    try {
      const prefix = newStream('cli');
      const child = spawnTsChild(join(__dirname, '..', 'support', 'sqlite-appender.ts'), [
        path,
        prefix,
        '1',
        '3',
      ]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // 3 appends of 1, 2 and 3 events; no in-process commit will wake this subscription.
      const delivered = await take(subscription, 6, [`${prefix}-0`]);
      expect(await exited(child)).toBe(0);
      expect(stderr).toBe('');
      expect(delivered.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(verifyStreamChain(delivered)).toBeNull();
    } finally {
      await subscription.close();
      await store.close();
    }
  }, 30000);
});
