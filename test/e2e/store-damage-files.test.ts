import { copyFileSync, readFileSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { runServer } from '../support/run-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** The store file deleted or replaced under a running service, and the start that follows. */
jest.setTimeout(120_000);

let t: TestApp;
let dir: string;
afterEach(async () => {
  await t?.app.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const admin = () => ({
  authorization: `Bearer ${readFileSync(t.config.bootstrapKeyFile, 'utf8').trim()}`,
});
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.request('POST', path, { body, headers: { ...admin(), ...headers } });
let n = 0;
const recordItem = () =>
  post(
    '/items',
    { type: 'SanctionImposed', itemId: `file-${++n}`, data: countermeasuresFact() },
    { 'Idempotency-Key': `file-test-${n}` },
  );

async function startWithHistory(): Promise<void> {
  t = await startTestApp();
  dir = t.dir;
  for (const entity of ENTITY_FIXTURES) expect((await post('/entities', entity)).status).toBe(201);
  expect((await recordItem()).status).toBe(201);
  // The read model has followed the log before the damage.
  const at = (await recordItem()).body.position as string;
  expect((await t.request('GET', `/timeline?minPosition=${at}`)).status).toBe(200);
}

const removeStoreFiles = (path: string) =>
  ['', '-wal', '-shm'].forEach((suffix) => rmSync(`${path}${suffix}`, { force: true }));

const itemRows = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT max(checkpoint) AS p FROM projection_generations').get() as {
      p: number;
    };
  } finally {
    db.close();
  }
};

describe('the store file deleted while the service runs', () => {
  it('makes readiness 503 and refuses writes with 503 STORAGE_UNAVAILABLE (they would be lost)', async () => {
    await startWithHistory();
    removeStoreFiles(t.config.sqlitePath);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.text).toMatch(/was deleted while the service ran/);
    const write = await recordItem();
    expect({ status: write.status, code: write.body.code }).toEqual({
      status: 503,
      code: 'STORAGE_UNAVAILABLE',
    });
    expect(write.body.detail).toContain(t.config.sqlitePath);
  });

  it('is not started over: the next start refuses, naming the files, and keeps the read model', async () => {
    await startWithHistory();
    const { sqlitePath, readModelPath, statePath } = t.config;
    await t.app.close();
    removeStoreFiles(sqlitePath);
    const before = itemRows(readModelPath);
    expect(before.p).toBeGreaterThan(0);
    const restart = await runServer(dir, {}, /listening on/);
    expect(restart.code).toBe(1);
    const said = restart.stdout + restart.stderr;
    expect(said).toMatch(/is empty, but the read model/);
    for (const file of [sqlitePath, readModelPath, statePath]) expect(said).toContain(file);
    expect(said).toMatch(/Restore .* from a backup/);
    expect(itemRows(readModelPath)).toEqual(before);
  });
});

describe('the store file replaced while the service runs', () => {
  it('makes readiness 503 and refuses writes', async () => {
    await startWithHistory();
    const path = t.config.sqlitePath;
    copyFileSync(path, `${path}.copy`);
    renameSync(`${path}.copy`, path);
    const ready = await t.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.text).toMatch(/was replaced while the service ran/);
    expect((await recordItem()).status).toBe(503);
  });
});
