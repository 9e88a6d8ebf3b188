import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { runServer } from '../support/run-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** A damaged read-model or idempotency file at start-up (real files, the real server). */
jest.setTimeout(120_000);

let t: TestApp;
let dir: string;
afterEach(async () => {
  await t?.app.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const GARBAGE = Buffer.from('this is not an SQLite file, whatever its name says\n'.repeat(200));

/** A service that recorded an item, stopped with its files kept; returns the item's position. */
async function historyThenStop(): Promise<{ position: string; itemId: string }> {
  t = await startTestApp();
  dir = t.dir;
  const headers = {
    authorization: `Bearer ${readFileSync(t.config.bootstrapKeyFile, 'utf8').trim()}`,
  };
  for (const entity of ENTITY_FIXTURES)
    expect((await t.request('POST', '/entities', { body: entity, headers })).status).toBe(201);
  const item = await t.request('POST', '/items', {
    body: { type: 'SanctionImposed', itemId: 'state-damage', data: countermeasuresFact() },
    headers: { ...headers, 'Idempotency-Key': 'state-damage-1' },
  });
  expect(item.status).toBe(201);
  await t.app.close();
  return { position: item.body.position as string, itemId: 'state-damage' };
}

function damage(path: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  writeFileSync(path, GARBAGE);
}

describe('a damaged read-model file', () => {
  it('is moved aside (timestamped, logged) and rebuilt from the store', async () => {
    const { position, itemId } = await historyThenStop();
    const readModelPath = t.config.readModelPath;
    damage(readModelPath);

    const run = await runServer(dir, { LOG_LEVEL: 'info' }, /listening on/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/the read model .* is damaged \(SQLITE_NOTADB/);
    const aside = readdirSync(dir).filter((name) => /^read-model\.sqlite\.damaged-/.test(name));
    expect(aside).toHaveLength(1);
    expect(readFileSync(`${dir}/${aside[0]}`)).toEqual(GARBAGE); // kept as it was

    t = await startTestApp({ DATA_DIR: dir });
    const read = await t.request('GET', `/items/${itemId}?minPosition=${position}`);
    expect(read.status).toBe(200);
    expect(read.body.itemId).toBe(itemId);
  });
});

describe('a damaged idempotency state file', () => {
  it('stops the start with an error naming the file, what losing it means and how to proceed', async () => {
    await historyThenStop();
    const statePath = t.config.statePath;
    damage(statePath);

    const run = await runServer(dir, {}, /listening on/);
    expect(run.code).toBe(1);
    const said = run.stdout + run.stderr;
    expect(said).toContain(`the idempotency state ${statePath} is damaged (SQLITE_NOTADB`);
    expect(said).toMatch(/same key with a different body .* is no longer refused/);
    expect(said).toContain(`mv ${statePath} ${statePath}.damaged`);
    expect(readFileSync(statePath)).toEqual(GARBAGE); // not replaced behind the operator's back
    expect(existsSync(`${statePath}.damaged`)).toBe(false);
  });
});
