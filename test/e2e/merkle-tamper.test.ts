import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Checkpoint } from '../../src/audit/merkle/checkpoint';
import { checkConsistency } from '../../src/audit/merkle/offline-verify';
import { startTestApp, type TestApp } from '../support/test-app';
import { AUDIT_APP_ENV, seedAuditLog, withRawDatabase } from './audit.fixtures';

/**
 * Each way of rewriting history, done to the SQLite store behind the service's back — with the
 * Merkle tree rebuilt from the rewritten store, as an attacker with disk access would — is caught
 * by checking a consistency proof against a checkpoint a reader saved before.
 */
describe('a checkpoint saved before a rewrite catches it', () => {
  let dir: string;
  let saved: Checkpoint;
  const apps: TestApp[] = [];
  const start = async (dataDir = dir) => {
    const app = await startTestApp({ ...AUDIT_APP_ENV, DATA_DIR: dataDir });
    apps.push(app);
    return app;
  };
  const checkpointOf = async (t: TestApp, size: number): Promise<Checkpoint> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const answer = await t.request('GET', '/audit/checkpoint');
      if (answer.status === 200 && answer.body.treeSize === size) return answer.body as Checkpoint;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the checkpoint never reached ${size}`);
  };
  const append = (t: TestApp, stream: string, n: number) =>
    t.store.append(stream, [{ type: 'Test', data: { n } }], 'no-stream');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'merkle-tamper-'));
    const t = await start();
    await seedAuditLog(t.store);
    saved = await checkpointOf(t, 6);
    await t.close();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.app.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rewrites the store, removes the tree (the attacker rebuilds it), restarts, appends `more`. */
  async function rewrite(edit: (db: Database.Database) => void, more = 2) {
    withRawDatabase(join(dir, 'events.sqlite'), edit);
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(dir, `merkle.sqlite${suffix}`), { force: true });
    const t = await start();
    const count = (await t.store.readAll()).length;
    for (let i = 0; i < more; i++) await append(t, `item-after-${i}`, i);
    const now = await checkpointOf(t, count + more);
    const proof = (
      await t.request(
        'GET',
        `/audit/proof/consistency?from=${Math.min(saved.treeSize, now.treeSize)}&to=${now.treeSize}`,
      )
    ).body;
    return checkConsistency(saved, now, proof);
  }

  it('changed: an event rewritten (and its hash recomputed)', async () => {
    const problem = await rewrite((db) => {
      db.prepare(
        "UPDATE events SET data = replace(data, '14114', '14115'), hash = ? WHERE position = 2",
      ).run('ab'.repeat(32));
    });
    expect(problem).toMatch(/does not extend the one of 6/);
  });

  it('deleted: an event removed from the middle', async () => {
    expect(
      await rewrite((db) => db.prepare('DELETE FROM events WHERE position = 3').run()),
    ).toMatch(/rewritten/);
  });

  it('reordered: two events swapped', async () => {
    const problem = await rewrite((db) => {
      db.prepare('UPDATE events SET position = 100 WHERE position = 2').run();
      db.prepare('UPDATE events SET position = 2 WHERE position = 3').run();
      db.prepare('UPDATE events SET position = 3 WHERE position = 100').run();
    });
    expect(problem).toMatch(/rewritten/);
  });

  it('inserted: an event slipped in between two others', async () => {
    const problem = await rewrite((db) => {
      db.prepare('UPDATE events SET position = position + 100 WHERE position >= 3').run();
      db.prepare('UPDATE events SET position = position - 99 WHERE position >= 103').run();
      db.prepare(
        `INSERT INTO events (position, stream, version, id, type, schema_version, data, metadata, prev_hash, hash)
         VALUES (3, 'item-slipped-in', 1, ?, 'Test', 1, '{}', '{"recordedAt":"2024-01-01T00:00:00.000Z","recordedBy":null,"correlationId":null,"causationId":null}', NULL, ?)`,
      ).run(randomUUID(), 'cd'.repeat(32));
    }, 0);
    expect(problem).toMatch(/rewritten/);
  });

  it('truncated: the head removed', async () => {
    expect(
      await rewrite((db) => db.prepare('DELETE FROM events WHERE position = 6').run(), 0),
    ).toMatch(/shrank from 6 to 5 events: it was truncated/);
  });

  it('forked: two readers shown two different logs under the same key', async () => {
    const other = mkdtempSync(join(tmpdir(), 'merkle-fork-'));
    try {
      copyFileSync(join(dir, 'signing-key.pem'), join(other, 'signing-key.pem'));
      const fork = await start(other);
      await seedAuditLog(fork.store);
      await append(fork, 'item-fork-only', 1);
      const theirs = await checkpointOf(fork, 7);
      expect(theirs.origin).toBe(saved.origin);
      const proof = (await fork.request('GET', `/audit/proof/consistency?from=6&to=7`)).body;
      // The seed's recordedAt differs between the two runs, so the first six events differ too.
      expect(checkConsistency(saved, theirs, proof)).toMatch(/two different logs/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a tree left in place is not silently extended over a rewritten store: checkpoints are refused', async () => {
    withRawDatabase(join(dir, 'events.sqlite'), (db) =>
      db.prepare('DELETE FROM events WHERE position = 6').run(),
    );
    const t = await start();
    const answer = await t.request('GET', '/audit/checkpoint');
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ code: 'MERKLE_LOG_DIVERGED' });
    expect(answer.body.detail).toMatch(/leaf 5 is at position 6/);
  });
});
