import { createHash } from 'node:crypto';
import { computeEventHash } from '../../src/event-store/hash-chain';
import { startTestApp, type TestApp } from '../support/test-app';
import { AUDIT_APP_ENV, AUDITOR_HEADERS, seedAuditLog } from './audit.fixtures';

/** The digest algorithm exactly as README "## Audit" states it, written out independently. */
function outsiderDigest(hashes: readonly string[]): string {
  let d = '0'.repeat(64);
  for (const h of hashes)
    d = createHash('sha256')
      .update(d + h)
      .digest('hex');
  return d;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON under test
type Json = any;

function ndjson(text: string): Json[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('audit endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(AUDIT_APP_ENV);
    await seedAuditLog(t.store);
  });
  afterAll(() => t.close());
  const get = (path: string) => t.request('GET', path, { headers: AUDITOR_HEADERS });

  it('shows an item history with full metadata, data as stored and as upcast', async () => {
    const res = await get('/items/china-share/history');
    expect(res.status).toBe(200);
    const [event] = res.body.events;
    expect(event).toMatchObject({
      stream: 'item-china-share',
      version: 1,
      position: '3',
      type: 'TradeStatisticReported',
      schemaVersion: 1,
      prevHash: null,
      metadata: {
        recordedBy: 'analyst@example.org',
        correlationId: 'corr-seed',
        causationId: null,
      },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.metadata.recordedAt)).not.toBeNaN();
    expect(event.data.statistic.observations[0]).toMatchObject({
      percent: 90,
      percentQualifier: 'approximately',
    });
    expect(event.upcast.schemaVersion).toBe(2);
    expect(event.upcast.data.statistic.observations[0].share).toEqual({
      percent: 90,
      qualifier: 'approximately',
      of: 'Russian imports',
    });
    // The stored fields are enough for an outsider to recompute the event's hash.
    expect(computeEventHash({ ...event, position: undefined })).toBe(event.hash);
  });

  it('lists every event of a corrected item in version order, chained by prevHash', async () => {
    const res = await get('/items/eo-14114/history');
    expect(res.body.events.map((e: Json) => [e.version, e.position, e.type])).toEqual([
      [1, '2', 'LegalInstrumentIssued'],
      [2, '4', 'ItemCorrected'],
      [3, '6', 'ItemCorrected'],
    ]);
    expect(res.body.events[1].prevHash).toBe(res.body.events[0].hash);
    expect(res.body.events[2].metadata).toMatchObject({
      correlationId: 'corr-2',
      causationId: 'cause-1',
    });
  });

  it('is closed to callers without an auditor key', async () => {
    expect((await t.request('GET', '/audit/events')).status).toBe(401);
    expect((await t.request('GET', '/items/eo-14114/history')).status).toBe(401);
  });

  it('answers 404 problem+json for an unknown item', async () => {
    const res = await get('/items/no-such-item/history');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('streams the global log as NDJSON in position order', async () => {
    const res = await get('/audit/events');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const records = ndjson(res.text);
    expect(records.map((r) => r.position)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(records[1]).toMatchObject({
      stream: 'item-eo-14114',
      version: 1,
      type: 'LegalInstrumentIssued',
    });
  });

  it('filters the log by position range, type and stream', async () => {
    const range = ndjson((await get('/audit/events?fromPosition=2&toPosition=4')).text);
    expect(range.map((r) => r.position)).toEqual(['2', '3', '4']);
    const corrections = ndjson((await get('/audit/events?type=ItemCorrected')).text);
    expect(corrections.map((r) => r.position)).toEqual(['4', '6']);
    const entities = ndjson(
      (await get('/audit/events?stream=entity-gaas&stream=entity-us-treasury')).text,
    );
    expect(entities.map((r) => r.stream)).toEqual(['entity-us-treasury', 'entity-gaas']);
    const both = ndjson((await get('/audit/events?type=ItemCorrected&fromPosition=5')).text);
    expect(both.map((r) => r.position)).toEqual(['6']);
  });

  it('refuses malformed log filters with a 400 naming the parameter', async () => {
    for (const [query, param] of [
      ['fromPosition=abc', 'fromPosition'],
      ['toPosition=-1', 'toPosition'],
      ['fromPosition=5&toPosition=2', 'toPosition'],
      ['type=', 'type'],
    ]) {
      const res = await get(`/audit/events?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe(param);
    }
  });

  it('computes the log digest as documented, at the head and at a position', async () => {
    const records = ndjson((await get('/audit/events')).text);
    const head = await get('/audit/digest');
    expect(head.body).toEqual({
      position: '6',
      eventCount: 6,
      digest: outsiderDigest(records.map((r) => r.hash)),
    });
    const at3 = await get('/audit/digest?position=3');
    expect(at3.body).toEqual({
      position: '3',
      eventCount: 3,
      digest: outsiderDigest(records.slice(0, 3).map((r) => r.hash)),
    });
    expect((await get('/audit/digest?position=0')).body.digest).toBe('0'.repeat(64));
  });

  it('refuses a digest position beyond the head or not a number', async () => {
    expect((await get('/audit/digest?position=7')).status).toBe(400);
    const bad = await get('/audit/digest?position=1e3');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('position');
  });

  it('verifies an untouched log', async () => {
    const { body: digest } = await get('/audit/digest');
    const res = await get(`/audit/verify?position=6&digest=${digest.digest}`);
    expect(res.body).toEqual({
      ok: true,
      position: '6',
      eventsChecked: 6,
      streamsChecked: 4,
      digest: digest.digest,
    });
  });

  it('fails verification against a digest that is not the log’s', async () => {
    const res = await get(`/audit/verify?digest=${'a'.repeat(64)}`);
    expect(res.body).toMatchObject({
      ok: false,
      break: { problem: 'digest-mismatch', position: '6' },
    });
    expect((await get('/audit/verify?digest=xyz')).status).toBe(400);
  });

  it('keeps verifying a digest saved before later appends', async () => {
    const saved = (await get('/audit/digest')).body;
    await t.store.append(
      'entity-gdls',
      [
        {
          type: 'EntityRegistered',
          schemaVersion: 1,
          data: { entityId: 'gdls', kind: 'organization', name: 'GDLS' },
        },
      ],
      'no-stream',
    );
    const later = await get(`/audit/verify?position=${saved.position}&digest=${saved.digest}`);
    expect(later.body).toMatchObject({ ok: true, eventsChecked: 6, digest: saved.digest });
    const head = await get('/audit/verify');
    expect(head.body).toMatchObject({ ok: true, position: '7', eventsChecked: 7 });
    expect(head.body.digest).not.toBe(saved.digest);
  });
});
