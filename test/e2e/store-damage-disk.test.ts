import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { runCli } from '../cli/cli-runner';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { withRawDatabase } from './audit.fixtures';

/**
 * Physical damage and a full disk under the running service, on real files. A full disk is
 * SQLite's own SQLITE_FULL, reached by capping the connection's page count (PRAGMA
 * max_page_count) at what the file holds: the same error a full volume raises, without
 * needing one; raising the cap is "space freed".
 */
jest.setTimeout(180_000);

let t: TestApp;
afterEach(() => t?.close());

const admin = () => ({
  authorization: `Bearer ${readFileSync(t.config.bootstrapKeyFile, 'utf8').trim()}`,
});
const post = (path: string, body: unknown) => t.request('POST', path, { body, headers: admin() });
const get = (path: string) => t.request('GET', path, { headers: admin() });
let n = 0;
const recordItem = () =>
  post('/items', { type: 'SanctionImposed', itemId: `disk-${++n}`, data: countermeasuresFact() });

async function startWithEntities(env: Record<string, string> = {}): Promise<void> {
  t = await startTestApp({ LOG_LEVEL: 'error', ...env });
  for (const entity of ENTITY_FIXTURES) expect((await post('/entities', entity)).status).toBe(201);
}

/** Caps the connection at the pages its file holds now: the next page it needs is SQLITE_FULL. */
function fillDisk(db: Database.Database): () => void {
  const pages = Number(db.pragma('page_count', { simple: true }));
  db.pragma(`max_page_count = ${pages}`);
  return () => db.pragma('max_page_count = 4294967294');
}

const storeConnection = () => (t.store as unknown as { db: Database.Database }).db;

describe('a full disk under the event store', () => {
  it('answers 503 STORAGE_UNAVAILABLE with Retry-After, reports unready, and recovers when space is freed', async () => {
    await startWithEntities();
    expect((await recordItem()).status).toBe(201);
    const freeSpace = fillDisk(storeConnection());
    let refused = await recordItem();
    // One more page may still fit in the last one; the store grows within a few items.
    for (let i = 0; i < 20 && refused.status === 201; i++) refused = await recordItem();
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('STORAGE_UNAVAILABLE');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body.detail).toMatch(/SQLITE_FULL/);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.text).toMatch(/the last write failed/);

    freeSpace();
    const after = await recordItem();
    expect(after.status).toBe(201);
    expect((await get('/health/ready')).status).toBe(200);
  });
});

describe('a full disk under the read model', () => {
  it('stops the projections with a retry, and they resume without a restart once space is freed', async () => {
    await startWithEntities({ PROJECTION_THREAD: 'false' });
    const readModel = t.app.get(ReadModelService).db;
    const freeSpace = fillDisk(readModel);
    let last = await recordItem();
    for (let i = 0; i < 40; i++) last = await recordItem();
    expect(last.status).toBe(201); // the log takes writes; only the read model cannot follow
    const position = last.body.position as string;
    const waiting = await get(`/items/${last.body.itemId}?minPosition=${position}`);
    expect(waiting.status).toBe(503);
    const ready = await get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.text).toMatch(/retrying in \d+ ms/);

    freeSpace();
    // MIN_POSITION_WAIT_MS (2 s) covers the first retries (0.5 s, 1 s) of the backoff.
    let caughtUp = await get(`/items/${last.body.itemId}?minPosition=${position}`);
    for (let i = 0; i < 10 && caughtUp.status !== 200; i++)
      caughtUp = await get(`/items/${last.body.itemId}?minPosition=${position}`);
    expect(caughtUp.status).toBe(200);
    expect((await get('/health/ready')).status).toBe(200);
  });
});

describe('a corrupted index page in the event store', () => {
  /** Overwrites the root page of the (stream, version) index with garbage, service stopped. */
  function corruptStreamIndex(path: string): void {
    const { rootpage, pageSize } = withRawDatabase(path, (db) => ({
      rootpage: (
        db
          .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_events_2'")
          .get() as { rootpage: number }
      ).rootpage,
      pageSize: Number(db.pragma('page_size', { simple: true })),
    }));
    const file = readFileSync(path);
    file.fill(0xa5, (rootpage - 1) * pageSize, rootpage * pageSize);
    writeFileSync(path, file);
  }

  it('fails verify (quick_check and --full), refuses writes as STORE_CORRUPT and makes readiness 503', async () => {
    await startWithEntities();
    expect((await recordItem()).status).toBe(201);
    const dir = t.dir;
    const env = { DATA_DIR: dir };
    await t.app.close();
    corruptStreamIndex(t.config.sqlitePath);

    const cli = await runCli(['verify'], dir);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout).break).toMatchObject({ problem: 'storage-damaged' });
    const full = await runCli(['verify', '--full'], dir);
    expect(full.code).toBe(1);
    expect(JSON.parse(full.stdout).break).toMatchObject({
      problem: 'storage-damaged',
      expected: 'integrity_check: ok',
    });

    t = await startTestApp(env);
    const write = await recordItem();
    expect({ status: write.status, code: write.body.code }).toEqual({
      status: 500,
      code: 'STORE_CORRUPT',
    });
    expect((await get('/health/ready')).status).toBe(503);
    const verify = await get('/audit/verify');
    expect(verify.body).toMatchObject({ ok: false, break: { problem: 'storage-damaged' } });
    expect(verify.body.storageProblems.length).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
