import { computeEventHash } from '../../src/event-store/hash-chain';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  AUDIT_APP_ENV,
  AUDITOR_HEADERS,
  rawEvent,
  seedAuditLog,
  withRawDatabase,
} from './audit.fixtures';

/**
 * Each test edits the SQLite events file behind the running service's back, then asks the
 * service to verify. Seeded log: 1 entity-us-treasury v1, 2 item-eo-14114 v1, 3 item-china-share
 * v1, 4 item-eo-14114 v2, 5 entity-gaas v1, 6 item-eo-14114 v3.
 */
describe('verify catches tampering with the SQLite store', () => {
  let t: TestApp;
  let savedDigest: string;
  beforeEach(async () => {
    t = await startTestApp(AUDIT_APP_ENV);
    await seedAuditLog(t.store);
    savedDigest = (await get('/audit/digest')).body.digest;
    expect((await get('/audit/verify')).body.ok).toBe(true);
  });
  afterEach(() => t.close());
  const get = (path: string) => t.request('GET', path, { headers: AUDITOR_HEADERS });

  const verify = async (query = '') => (await get(`/audit/verify${query}`)).body;
  const tamper = <T>(edit: Parameters<typeof withRawDatabase<T>>[1]) =>
    withRawDatabase(t.config.sqlitePath, edit);

  it('names the event whose data lost or gained one byte', async () => {
    const target = tamper((db) => {
      const row = rawEvent(db, 'item-eo-14114', 2);
      // "EO 14114" -> "EO 14115": one character of the stored JSON text.
      const edited = row.data.replace('EO 14114 signed (amended)', 'EO 14115 signed (amended)');
      expect(edited).not.toBe(row.data);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(edited, row.position);
      return row;
    });
    expect(await verify()).toMatchObject({
      ok: false,
      eventsChecked: 3,
      break: {
        stream: 'item-eo-14114',
        version: 2,
        position: '4',
        eventId: target.id,
        problem: 'hash-mismatch',
        found: target.hash,
      },
    });
  });

  it('names the successor of a deleted event', async () => {
    const successor = tamper((db) => {
      db.prepare("DELETE FROM events WHERE stream = 'item-eo-14114' AND version = 2").run();
      return rawEvent(db, 'item-eo-14114', 3);
    });
    expect((await verify()).break).toMatchObject({
      stream: 'item-eo-14114',
      version: 3,
      position: '6',
      eventId: successor.id,
      problem: 'version-gap',
      expected: '2',
      found: '3',
    });
  });

  it('catches a deleted stream tail only through a saved digest, which it does', async () => {
    tamper((db) => db.prepare("DELETE FROM events WHERE stream = 'entity-gaas'").run());
    expect((await verify()).ok).toBe(true); // every remaining chain is intact...
    expect(await verify(`?position=6&digest=${savedDigest}`)).toMatchObject({
      ok: false,
      eventsChecked: 5,
      break: { problem: 'digest-mismatch', position: '6', expected: savedDigest },
    });
  });

  it('names the event moved ahead of its predecessor when two positions are swapped', async () => {
    const [v1, v2] = tamper((db) => {
      const first = rawEvent(db, 'item-eo-14114', 1);
      const second = rawEvent(db, 'item-eo-14114', 2);
      db.transaction(() => {
        const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
        move.run(-1, first.position);
        move.run(first.position, second.position);
        move.run(second.position, -1);
      })();
      return [first, second];
    });
    expect((await verify()).break).toMatchObject({
      stream: 'item-eo-14114',
      version: 2,
      position: String(v1.position),
      eventId: v2.id,
      problem: 'version-gap',
    });
  });

  it('catches a swap across streams through the saved digest', async () => {
    tamper((db) => {
      const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      db.transaction(() => {
        move.run(-1, 1);
        move.run(1, 3);
        move.run(3, -1);
      })();
    });
    expect(await verify(`?digest=${savedDigest}`)).toMatchObject({
      ok: false,
      break: { problem: 'digest-mismatch' },
    });
  });

  it('names the next event when a hash was rewritten to match altered data', async () => {
    const [original, rehashed, next] = tamper((db) => {
      const row = rawEvent(db, 'item-eo-14114', 1);
      const stored = storedEvent(db, row.position);
      const data = { ...stored.data, headline: 'EO 14114 never signed' };
      const rehashed = computeEventHash({ ...stored, data });
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run(
        JSON.stringify(data),
        rehashed,
        row.position,
      );
      return [row.hash, rehashed, rawEvent(db, 'item-eo-14114', 2)] as const;
    });
    expect((await verify()).break).toMatchObject({
      stream: 'item-eo-14114',
      version: 2,
      position: String(next.position),
      eventId: next.id,
      problem: 'prev-hash-mismatch',
      // The successor still points at the original hash; the rewritten one no longer matches it.
      expected: rehashed,
      found: original,
    });
  });

  it('catches a rehashed last event of a stream through the saved digest', async () => {
    tamper((db) => {
      const stored = storedEvent(db, 3n);
      const data = { ...stored.data, headline: 'China supplied 10% of microelectronics' };
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE position = 3').run(
        JSON.stringify(data),
        computeEventHash({ ...stored, data }),
      );
    });
    expect((await verify()).ok).toBe(true);
    expect(await verify(`?digest=${savedDigest}`)).toMatchObject({
      ok: false,
      break: { problem: 'digest-mismatch' },
    });
  });
});

function storedEvent(
  db: import('better-sqlite3').Database,
  position: number | bigint,
): RecordedEvent {
  const row = db.prepare('SELECT * FROM events WHERE position = ?').get(position) as Record<
    string,
    never
  >;
  return {
    id: row.id,
    stream: row.stream,
    version: Number(row.version),
    position: BigInt(row.position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
