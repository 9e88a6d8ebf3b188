import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countermeasuresFact } from '../support/fixtures';
import { KurrentDbTestServer } from '../support/kurrentdb-protocol/kurrentdb-test-server';
import { seedOverHttp, type SeededStory } from '../support/seed-over-http';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The real service on EVENT_STORE=kurrentdb, against the KurrentDB protocol test server — not
 * KurrentDB: the seed story written over HTTP, projected, queried (now and asOf a position),
 * its history read, the log verified and exported, then a restart on the same DATA_DIR that
 * resumes the projections from their checkpoints.
 */
jest.setTimeout(120_000);

let server: KurrentDbTestServer;
let dataDir: string;
let t: TestApp;
let story: SeededStory;
const TRIP = 'blinken-china-trip-2024-04';

function startService(): Promise<TestApp> {
  return startTestApp(
    {
      EVENT_STORE: 'kurrentdb',
      KURRENTDB_CONNECTION_STRING: server.connectionString,
      DATA_DIR: dataDir,
    },
    { asAdmin: true },
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON under test
type Json = any;

/** Polls `path` until `done` holds for its body: projections follow the log asynchronously. */
async function eventually(path: string, done: (body: Json) => boolean): Promise<Json> {
  for (;;) {
    const response = await t.request('GET', path);
    if (response.status === 200 && done(response.body)) return response.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A SanctionLifted fact, as write-flows.test.ts builds it. */
function liftedFact() {
  const { sanctionedParties, measures: _measures, ...common } = countermeasuresFact();
  return { ...common, headline: 'Countermeasures lifted', delistedParties: sanctionedParties };
}

const itemIds = (body: { items: { itemId: string }[] }) => body.items.map((item) => item.itemId);

beforeAll(async () => {
  server = await KurrentDbTestServer.start();
  dataDir = mkdtempSync(join(tmpdir(), 'policy-timeline-kurrentdb-'));
  t = await startService();
  story = await seedOverHttp(t);
});
afterAll(async () => {
  await t?.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('writes, projects and queries the timeline, now and as of a position', async () => {
  const tripPosition = story.positions.values().next().value as bigint;
  const now = await eventually('/timeline?limit=200', (body) => itemIds(body).includes(TRIP));
  expect(now.items.length).toBeGreaterThan(3);
  const atStart = await t.request('GET', `/timeline?asOf=position:${tripPosition}&limit=200`);
  expect(atStart.status).toBe(200);
  expect(atStart.body.items.length).toBeLessThan(now.items.length);
});

it('shows an item history and verifies the whole log', async () => {
  const history = await t.request('GET', `/items/${TRIP}/history`);
  expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
    'DiplomaticEngagementReported',
    'ItemCorrected',
  ]);
  const verify = await t.request('GET', '/audit/verify');
  expect(verify.body).toMatchObject({ ok: true });
  expect(verify.body.eventsChecked).toBe(story.positions.size);
});

it('exports the log from an event position (a byte offset) and refuses one inside an event', async () => {
  const positions = [...story.positions.values()];
  const from = positions[1];
  const exported = await t.request('GET', `/audit/events?fromPosition=${from}`);
  expect(exported.status).toBe(200);
  const lines = exported.text.split('\n').filter((line) => line !== '');
  expect(BigInt(JSON.parse(lines[0]).position)).toBe(from);
  expect(lines).toHaveLength(positions.length - 1);
  const inside = await t.request('GET', `/audit/events?fromPosition=${from - 1n}`);
  expect(inside.status).toBe(400);
  const csv = await t.request('GET', '/timeline?format=csv');
  expect(csv.text.split('\r\n')[0]).toMatch(/^itemId,/);
  expect(csv.text).toContain(TRIP);
});

it('resumes projections from their checkpoints after a restart', async () => {
  const before = await eventually('/timeline?limit=200', () => true);
  await t.close();
  const startsBefore = server.reads.subscriptionStarts.length;
  const readsBefore = server.reads.readStarts.length;
  t = await startService();
  const response = await t.request('POST', '/items', {
    body: { type: 'SanctionLifted', itemId: 'after-restart', data: liftedFact() },
  });
  expect(response.status).toBe(201);
  const after = await eventually('/timeline?limit=200', (body) =>
    itemIds(body).includes('after-restart'),
  );
  expect(itemIds(after).filter((id) => id !== 'after-restart')).toEqual(itemIds(before));
  // Every forward read and subscription of $all after the restart starts from a saved position:
  // nothing is rebuilt from the start of the log.
  const resumed = server.reads.subscriptionStarts.slice(startsBefore);
  expect(resumed.length).toBeGreaterThan(0);
  expect(resumed.every((start) => start.hasPosition())).toBe(true);
  const fromStart = server.reads.readStarts.slice(readsBefore).filter((start) => start.hasStart());
  expect(fromStart).toEqual([]);
});

it('keeps writing and projecting when every connection drops under the running service', async () => {
  const written: string[] = [];
  for (let round = 0; round < 5; round++) {
    server.dropAllConnections();
    const itemId = `after-drop-${round}`;
    let response = await t.request('POST', '/items', {
      body: { type: 'SanctionLifted', itemId, data: liftedFact() },
      headers: { 'idempotency-key': `drop-${round}` },
    });
    // A write cut mid-flight answers 503 with Retry-After; the same key then appends it once.
    if (response.status === 503) {
      expect(response.headers.get('retry-after')).not.toBeNull();
      response = await t.request('POST', '/items', {
        body: { type: 'SanctionLifted', itemId, data: liftedFact() },
        headers: { 'idempotency-key': `drop-${round}` },
      });
    }
    expect({ itemId, status: response.status }).toEqual({ itemId, status: 201 });
    written.push(itemId);
  }
  const after = await eventually('/timeline?limit=200', (body) =>
    written.every((id) => itemIds(body).includes(id)),
  );
  expect(
    itemIds(after)
      .filter((id) => id.startsWith('after-drop-'))
      .sort(),
  ).toEqual(written);
  const verify = await t.request('GET', '/audit/verify');
  expect(verify.body).toMatchObject({ ok: true });
  for (const itemId of written) {
    const history = await t.request('GET', `/items/${itemId}/history`);
    expect({ itemId, events: history.body.events.length }).toEqual({ itemId, events: 1 });
  }
});
