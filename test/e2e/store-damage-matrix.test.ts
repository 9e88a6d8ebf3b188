import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { runServer } from '../support/run-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { withRawDatabase } from './audit.fixtures';

/**
 * The fault matrix: each kind of damage to the service's files, on real files, probed the same
 * way — verify against the digest saved before the damage, a read of the damaged item's history,
 * a new write, readiness, and a restart of the real server as a child process. Damage "at start"
 * is applied with the service stopped; the in-process service is then started on the same files.
 * Bounded: every probe is one request or one start-up, all on loopback.
 */
jest.setTimeout(120_000);

type Probe = 'verify' | 'read' | 'write' | 'ready' | 'restart';
const PROBES: readonly Probe[] = ['verify', 'read', 'write', 'ready', 'restart'];

interface Expected {
  readonly verify?: { ok: boolean; problem?: string };
  readonly read?: { status: number; code?: string };
  readonly write?: { status: number; code?: string };
  readonly ready?: number;
  readonly restart: { starts: boolean; says?: RegExp };
}

interface DamageCase {
  readonly name: string;
  readonly env?: Record<string, string>;
  /** While the service runs (it keeps its files open), or with it stopped. */
  readonly when: 'running' | 'stopped';
  readonly damage: (t: TestApp) => void;
  /** Writes the write probe makes (default 1): enough for the read model to need a new page. */
  readonly writes?: number;
  readonly expected: Expected;
}

const ITEM = 'matrix-damage';
const GARBAGE = Buffer.from('not an SQLite file\n'.repeat(300));

const storeFiles = (path: string) => ['', '-wal', '-shm'].map((suffix) => `${path}${suffix}`);
const overwrite = (path: string) => {
  for (const file of storeFiles(path).slice(1)) rmSync(file, { force: true });
  writeFileSync(path, GARBAGE);
};
/** PRAGMA max_page_count at the file's size: the connection's next new page is SQLITE_FULL. */
const fillDisk = (db: Database.Database) =>
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
const storeDb = (t: TestApp) => (t.store as unknown as { db: Database.Database }).db;

function corruptPage(path: string, index: string): void {
  const { rootpage, pageSize } = withRawDatabase(path, (db) => ({
    rootpage: (
      db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(index) as {
        rootpage: number;
      }
    ).rootpage,
    pageSize: Number(db.pragma('page_size', { simple: true })),
  }));
  const file = readFileSync(path);
  file.fill(0xa5, (rootpage - 1) * pageSize, rootpage * pageSize);
  writeFileSync(path, file);
}

const STARTS = { starts: true } as const;
const UNAVAILABLE = { status: 503, code: 'STORAGE_UNAVAILABLE' } as const;
const CORRUPT = { status: 500, code: 'STORE_CORRUPT' } as const;

const CASES: readonly DamageCase[] = [
  {
    name: 'store file deleted',
    when: 'running',
    damage: (t) => storeFiles(t.config.sqlitePath).forEach((f) => rmSync(f, { force: true })),
    expected: {
      verify: { ok: false, problem: 'storage-damaged' },
      read: { status: 200 },
      write: UNAVAILABLE,
      ready: 503,
      restart: { starts: false, says: /is empty, but the read model/ },
    },
  },
  {
    name: 'store file replaced (by a copy of itself)',
    when: 'running',
    damage: (t) => {
      copyFileSync(t.config.sqlitePath, `${t.config.sqlitePath}.copy`);
      renameSync(`${t.config.sqlitePath}.copy`, t.config.sqlitePath);
    },
    expected: {
      verify: { ok: false, problem: 'storage-damaged' },
      read: { status: 200 },
      write: UNAVAILABLE,
      ready: 503,
      restart: STARTS,
    },
  },
  {
    name: 'disk full under the event store',
    when: 'running',
    damage: (t) => fillDisk(storeDb(t)),
    expected: {
      verify: { ok: true },
      read: { status: 200 },
      write: UNAVAILABLE,
      ready: 503,
      restart: STARTS,
    },
  },
  {
    name: 'disk full under the read model',
    env: { PROJECTION_THREAD: 'false' },
    when: 'running',
    damage: (t) => fillDisk(t.app.get(ReadModelService).db),
    writes: 40,
    expected: {
      verify: { ok: true },
      read: { status: 200 },
      write: { status: 201 },
      ready: 503,
      restart: STARTS,
    },
  },
  {
    name: 'index page of the event store corrupted',
    when: 'stopped',
    damage: (t) => corruptPage(t.config.sqlitePath, 'sqlite_autoindex_events_2'),
    expected: {
      verify: { ok: false, problem: 'storage-damaged' },
      read: CORRUPT,
      write: CORRUPT,
      ready: 503,
      restart: STARTS,
    },
  },
  {
    name: 'stored event row corrupted',
    when: 'running',
    damage: (t) =>
      withRawDatabase(t.config.sqlitePath, (db) =>
        db.prepare("UPDATE events SET data = '{\"head' WHERE stream = ?").run(`item-${ITEM}`),
      ),
    expected: {
      verify: { ok: false, problem: 'corrupt-row' },
      read: CORRUPT,
      write: { status: 201 },
      ready: 200,
      restart: STARTS,
    },
  },
  {
    name: 'head event removed',
    when: 'running',
    damage: (t) =>
      withRawDatabase(t.config.sqlitePath, (db) =>
        db.prepare('DELETE FROM events WHERE position = (SELECT max(position) FROM events)').run(),
      ),
    expected: {
      verify: { ok: false, problem: 'truncated' },
      read: { status: 404, code: 'NOT_FOUND' }, // the removed event was the item's only one
      write: { status: 201 },
      ready: 200,
      restart: STARTS,
    },
  },
  {
    name: 'read-model file damaged',
    when: 'stopped',
    damage: (t) => overwrite(t.config.readModelPath),
    expected: {
      verify: { ok: true },
      read: { status: 200 },
      write: { status: 201 },
      ready: 200,
      restart: STARTS,
    },
  },
  {
    name: 'idempotency state file damaged',
    when: 'stopped',
    damage: (t) => overwrite(t.config.statePath),
    // The service cannot start, so there is nothing to probe but the start itself.
    expected: { restart: { starts: false, says: /the idempotency state .* is damaged/ } },
  },
];

let checks = 0;
afterAll(() => {
  const planned = CASES.reduce(
    (sum, c) => sum + PROBES.filter((p) => c.expected[p] !== undefined).length,
    0,
  );
  console.log(
    `store damage matrix: ${CASES.length} kinds of damage, ${planned} probes planned, ${checks} checked`,
  );
});

describe.each(CASES)('$name', (damageCase) => {
  let t: TestApp;
  let dir: string;
  let saved: { position: string; digest: string };
  let headers: Record<string, string>;
  let n = 0;
  let stopped = false;
  let lastWrite = '0';

  beforeAll(async () => {
    t = await startTestApp(damageCase.env);
    dir = t.dir;
    headers = { authorization: `Bearer ${readFileSync(t.config.bootstrapKeyFile, 'utf8').trim()}` };
    for (const entity of ENTITY_FIXTURES)
      expect((await t.request('POST', '/entities', { body: entity, headers })).status).toBe(201);
    const item = await t.request('POST', '/items', {
      body: { type: 'SanctionImposed', itemId: ITEM, data: countermeasuresFact() },
      headers: { ...headers, 'Idempotency-Key': 'matrix-damage-1' },
    });
    expect(item.status).toBe(201);
    const at = item.body.position as string;
    expect((await t.request('GET', `/timeline?minPosition=${at}`)).status).toBe(200);
    saved = (await t.request('GET', '/audit/digest', { headers })).body;
    if (damageCase.when === 'running') {
      damageCase.damage(t);
      return;
    }
    await t.app.close();
    damageCase.damage(t);
    if (damageCase.expected.verify === undefined) {
      stopped = true; // only the restart is probed
      return;
    }
    t = await startTestApp({ ...damageCase.env, DATA_DIR: dir });
  });
  afterAll(async () => {
    if (!stopped) await t.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const probes = PROBES.filter((probe) => damageCase.expected[probe] !== undefined);
  it.each(probes)('%s', async (probe) => {
    const expected = damageCase.expected;
    switch (probe) {
      case 'verify': {
        const res = await t.request(
          'GET',
          `/audit/verify?position=${saved.position}&digest=${saved.digest}`,
          { headers },
        );
        expect(res.status).toBe(200);
        expect({ ok: res.body.ok, problem: res.body.break?.problem }).toEqual({
          problem: undefined,
          ...expected.verify,
        });
        break;
      }
      case 'read': {
        const res = await t.request('GET', `/items/${ITEM}/history`, { headers });
        expect({ status: res.status, code: res.body.code }).toEqual({
          code: undefined,
          ...expected.read,
        });
        break;
      }
      case 'write': {
        const body = {
          type: 'SanctionImposed',
          itemId: `after-${++n}`,
          data: countermeasuresFact(),
        };
        let res = await t.request('POST', '/items', { body, headers });
        // A full disk may still fit one item in the last page; the next one needs a new page.
        const more = expected.write!.status === 201 ? (damageCase.writes ?? 1) - 1 : 40;
        for (let i = 0; i < more && res.status === 201; i++)
          res = await t.request('POST', '/items', {
            body: { ...body, itemId: `after-${++n}` },
            headers,
          });
        if (res.status === 201) lastWrite = res.body.position as string;
        const code = res.status === 201 ? undefined : res.body.code;
        expect({ status: res.status, code }).toEqual({ code: undefined, ...expected.write });
        if (res.status === 503) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        if (res.status >= 400)
          expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        break;
      }
      case 'ready': {
        // Give the projections the time to meet the last write (or the full disk) first.
        await t.request('GET', `/timeline?minPosition=${lastWrite}`);
        expect((await t.request('GET', '/health/ready')).status).toBe(expected.ready);
        break;
      }
      case 'restart': {
        if (!stopped) await t.app.close();
        stopped = true;
        const run = await runServer(dir, damageCase.env, /listening on/);
        const said = run.stdout + run.stderr;
        expect({ starts: run.code === 0 && /listening on/.test(run.stdout) }).toEqual({
          starts: expected.restart.starts,
        });
        if (expected.restart.says) expect(said).toMatch(expected.restart.says);
        break;
      }
    }
    checks += 1;
  });
});
