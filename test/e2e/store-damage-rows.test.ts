import { rmSync } from 'node:fs';
import { runCli } from '../cli/cli-runner';
import { runServer } from '../support/run-server';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  AUDIT_APP_ENV,
  AUDITOR_HEADERS,
  rawEvent,
  seedAuditLog,
  withRawDatabase,
} from './audit.fixtures';

/**
 * Damage to stored rows, seen through the service and the CLI. Seeded log: 1 entity-us-treasury
 * v1, 2 item-eo-14114 v1, 3 item-china-share v1, 4 item-eo-14114 v2, 5 entity-gaas v1,
 * 6 item-eo-14114 v3.
 */
jest.setTimeout(180_000);

let t: TestApp;
let savedDigest: string;
beforeEach(async () => {
  t = await startTestApp(AUDIT_APP_ENV);
  await seedAuditLog(t.store);
  savedDigest = (await get('/audit/digest')).body.digest;
});
afterEach(() => t.close());
/** Stops the service but keeps its files, for the CLI to open them. */
async function stopKeepingFiles(): Promise<void> {
  await t.app.close();
  const dir = t.dir;
  t = { ...t, close: async () => rmSync(dir, { recursive: true, force: true }) };
}
const get = (path: string) => t.request('GET', path, { headers: AUDITOR_HEADERS });

/** Stored JSON cut short, as a torn or overwritten page leaves it. */
function corruptRow(stream: string, version: number) {
  return withRawDatabase(t.config.sqlitePath, (db) => {
    const row = rawEvent(db, stream, version);
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
      row.data.slice(0, 20),
      row.position,
    );
    return row;
  });
}

describe('a stored row that no longer decodes', () => {
  it('is named by verify as corrupt at its position, after checking the events before it', async () => {
    const row = corruptRow('item-eo-14114', 2);
    const res = await get('/audit/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: false,
      eventsChecked: 3,
      break: {
        stream: 'item-eo-14114',
        version: 2,
        position: '4',
        eventId: row.id,
        problem: 'corrupt-row',
      },
    });
  });

  it('makes a read of it a 500-class storage error, never a client error', async () => {
    corruptRow('item-eo-14114', 2);
    for (const path of ['/items/eo-14114/history', '/audit/digest']) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 500,
        code: 'STORE_CORRUPT',
      });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.detail).toMatch(/position 4/);
    }
    // The NDJSON log is streamed: the first page is read before the status line is sent.
    const events = await get('/audit/events');
    expect(events.status).toBeGreaterThanOrEqual(500);
    expect(events.text).not.toMatch(/not valid JSON/);
  });

  it('is reported by the CLI verify as a finding (exit 1), not a SyntaxError', async () => {
    corruptRow('item-china-share', 1);
    await stopKeepingFiles();
    const result = await runCli(['verify'], t.dir);
    expect(result.stderr).not.toMatch(/SyntaxError/);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      eventsChecked: 2,
      break: { position: '3', problem: 'corrupt-row', stream: 'item-china-share' },
    });
  });
});

describe("a stored row that no longer decodes at the Merkle tree's last leaf", () => {
  it('does not stop the start; checkpoints are refused, saying why', async () => {
    for (let i = 0; i < 100; i++) {
      const { treeSize } = (await get('/audit/checkpoint')).body as { treeSize: number };
      if (treeSize === 6) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await get('/audit/checkpoint')).body.treeSize).toBe(6);
    await stopKeepingFiles();
    corruptRow('item-eo-14114', 3); // position 6, the last leaf
    const run = await runServer(t.dir, { ...AUDIT_APP_ENV, LOG_LEVEL: 'info' }, /listening on/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cannot be checked against the event store: .*position 6/);
  });
});

describe('a log whose last event was removed', () => {
  const truncate = () =>
    withRawDatabase(t.config.sqlitePath, (db) =>
      db.prepare('DELETE FROM events WHERE position = 6').run(),
    );

  it('is tampering to a saved digest that covered it (truncated), not a bad request', async () => {
    truncate();
    const res = await get(`/audit/verify?position=6&digest=${savedDigest}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: false,
      position: '6',
      eventsChecked: 5,
      break: { problem: 'truncated', position: '6', found: 'the log ends at position 5' },
    });
    // Without a saved digest a position beyond the head is still a mistake in the request.
    expect((await get('/audit/verify?position=6')).status).toBe(400);
  });

  it('makes the CLI verify with the saved digest exit 1 (truncated), not 2', async () => {
    truncate();
    await stopKeepingFiles();
    const result = await runCli(['verify', '--position', '6', '--digest', savedDigest], t.dir);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      eventsChecked: 5,
      break: { problem: 'truncated', position: '6' },
    });
  });
});
