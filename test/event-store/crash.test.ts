import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyStreamChain } from '../../src/event-store/hash-chain';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import type { AckLine } from '../support/sqlite-appender';
import { exited, spawnTsChild } from '../support/spawn-ts-child';

/**
 * Durability under kill -9: a child process appends as fast as it can from 32 concurrent callers
 * and prints each append only after the store acknowledged it. We SIGKILL it mid-run; every
 * acknowledged event must then be in the file, in acknowledgement order, with intact chains.
 */
const CALLERS = 32;
const KILL_AFTER_ACKS = 3000;

describe('SQLite event store crash safety', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sqlite-crash-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged append after SIGKILL', async () => {
    const path = join(dir, 'events.sqlite');
    const child = spawnTsChild(join(__dirname, '..', 'support', 'sqlite-appender.ts'), [
      path,
      'crash',
      String(CALLERS),
      'forever',
    ]);
    const acks: AckLine[] = [];
    let partial = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? ''; // a line cut by the kill is not an acknowledgement
      for (const line of lines) acks.push(JSON.parse(line) as AckLine);
      if (acks.length >= KILL_AFTER_ACKS && child.exitCode === null) child.kill('SIGKILL');
    });
    expect(await exited(child)).toBe('SIGKILL');
    expect(stderr).toBe('');
    expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const store = SqliteEventStore.open({ path });
    try {
      const all = await store.readAll();
      const byId = new Map(all.map((event) => [event.id, event]));
      // Present, at the acknowledged stream, version and position.
      for (const ack of acks) {
        ack.ids.forEach((id, i) => {
          expect(byId.get(id)).toMatchObject({ stream: ack.stream, version: ack.firstVersion + i });
        });
        expect(byId.get(ack.ids[ack.ids.length - 1])?.position).toBe(BigInt(ack.position));
      }
      // Acknowledged in commit order: positions only grow along stdout.
      for (let i = 1; i < acks.length; i++) {
        expect(BigInt(acks[i].position) > BigInt(acks[i - 1].position)).toBe(true);
      }
      // Every stream (acknowledged or committed-but-unreported tail) has a gapless, valid chain.
      const streams = new Set(all.map((event) => event.stream));
      expect(streams.size).toBe(CALLERS);
      for (const stream of streams) {
        expect(verifyStreamChain(await store.readStream(stream))).toBeNull();
      }
    } finally {
      await store.close();
    }
  }, 60000);
});
