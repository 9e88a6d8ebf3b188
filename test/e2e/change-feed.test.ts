import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { changesOf, openFeed, type OpenFeed } from './change-feed.fixture';

/** GET /timeline/changes against the real app: what a live client sees, and what it resumes. */
describe('the change feed', () => {
  let t: TestApp;
  const feeds: OpenFeed[] = [];
  const feed = async (query = '', headers: Record<string, string> = {}) => {
    const opened = await openFeed(`${t.baseUrl}/timeline/changes${query}`, headers);
    feeds.push(opened);
    return opened;
  };
  let n = 0;
  /** The position of the last write, for reads that must include it (minPosition). */
  let lastPosition = '0';
  const record = async (overrides: Record<string, unknown> = {}, type = 'SanctionImposed') => {
    const itemId = `feed-item-${++n}`;
    const answer = await t.request('POST', '/items', {
      body: { type, itemId, data: countermeasuresFact(overrides) },
    });
    expect(answer.status).toBe(201);
    lastPosition = answer.body.position;
    return itemId;
  };
  const correct = async (itemId: string, version: number, patch: unknown[]) => {
    const answer = await t.request('POST', `/items/${itemId}/corrections`, {
      body: { kind: 'correction', reason: 'feed test', patch },
      headers: { 'if-match': `"${version}"` },
    });
    expect(answer.status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
  });
  afterEach(() => feeds.splice(0).forEach((f) => f.close()));
  afterAll(() => t.close());

  it('sends each item change once, in position order, with its kind and its position as the id', async () => {
    const live = await feed();
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-cache');
    const a = await record();
    await correct(a, 1, [{ op: 'replace', path: '/headline', value: 'Corrected headline' }]);
    const retract = await t.request('POST', `/items/${a}/retraction`, {
      body: { kind: 'erroneous', reason: 'Never happened' },
      headers: { 'if-match': '"2"' },
    });
    expect([200, 201]).toContain(retract.status);
    await live.until((events) => changesOf(events).length >= 3);
    const changes = changesOf(live.events);
    expect(changes.map((c) => [c.itemId, c.change])).toEqual([
      [a, 'recorded'],
      [a, 'corrected'],
      [a, 'retracted'],
    ]);
    const ids = changes.map((c) => BigInt(c.id!));
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    for (const c of changes) expect(c.id).toBe(c.position);
  });

  it('applies a filter exactly as /timeline does', async () => {
    const filters = [
      '?type=SanctionImposed',
      '?country=TW',
      '?topic=feed-topic',
      '?q=zeppelin',
      '?entity=ent:company:gdls',
      '?from=2030&to=2031',
    ];
    const opened = await Promise.all(filters.map((f) => feed(f)));
    const made = [
      await record({ countries: ['TW'], jurisdiction: 'TW' }),
      await record({ topics: ['feed-topic'] }),
      await record({ headline: 'A zeppelin crosses the strait' }),
      await record({ occurred: { edtf: '2030-05' } }),
      await record(),
    ];
    const last = made[made.length - 1];
    for (const [i, filter] of filters.entries()) {
      const expected = (
        await t.request(
          'GET',
          `/timeline${filter}&includeRetracted=true&limit=500&minPosition=${lastPosition}`,
        )
      ).body.items
        .map((item: { itemId: string }) => item.itemId)
        .filter((id: string) => made.includes(id));
      // Every filter sees the last write or not: wait on a feed that sees all (type) first.
      await opened[0].until((events) => changesOf(events).some((c) => c.itemId === last));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const got = changesOf(opened[i].events).map((c) => c.itemId);
      expect({ filter, got: [...new Set(got)].sort() }).toEqual({
        filter,
        got: [...expected].sort(),
      });
    }
  });

  it('sends removed when a correction takes an item out of the filter', async () => {
    const live = await feed('?topic=leaving-topic');
    const item = await record({ topics: ['leaving-topic'] });
    await correct(item, 1, [{ op: 'replace', path: '/topics', value: ['counter-sanctions'] }]);
    await live.until((events) => changesOf(events).length >= 2);
    expect(changesOf(live.events).map((c) => c.change)).toEqual(['recorded', 'removed']);
    // A replay reads both changes in one step; it must still send both, not compare absent with absent.
    const replay = await feed('?topic=leaving-topic&after=position:0');
    await replay.until((events) => changesOf(events).length >= 2);
    expect(changesOf(replay.events).map((c) => [c.itemId, c.change])).toEqual([
      [item, 'recorded'],
      [item, 'removed'],
    ]);
  });

  it('resumes after a disconnect without gaps or duplicates (Last-Event-ID and ?after)', async () => {
    const first = await feed('?topic=resume-topic');
    const before = [
      await record({ topics: ['resume-topic'] }),
      await record({ topics: ['resume-topic'] }),
    ];
    await first.until((events) => changesOf(events).length >= 2);
    const lastSeen = changesOf(first.events)[1].id!;
    first.close();
    const missed = [
      await record({ topics: ['resume-topic'] }),
      await record({ topics: ['resume-topic'] }),
    ];
    for (const resumed of [
      await feed('?topic=resume-topic', { 'last-event-id': lastSeen }),
      await feed(`?topic=resume-topic&after=position:${lastSeen}`),
    ]) {
      await resumed.until((events) => changesOf(events).length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(changesOf(resumed.events).map((c) => c.itemId)).toEqual(missed);
    }
    const replay = await feed('?topic=resume-topic&after=position:0');
    await replay.until((events) => changesOf(events).length >= 4);
    expect(changesOf(replay.events).map((c) => c.itemId)).toEqual([...before, ...missed]);
  });

  it('refuses a bad filter or resume point with a 400 before any stream', async () => {
    for (const [query, headers, field] of [
      ['?country=Atlantis', {}, 'country'],
      ['?limit=5', {}, 'limit'],
      ['?after=12', {}, 'after'],
      ['', { 'last-event-id': 'yesterday' }, 'Last-Event-ID'],
    ] as const) {
      const refused = await feed(query, headers);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(refused.body)).toContain(field);
    }
  });
});

describe('change feeds: limits and access', () => {
  it('answers 503 TOO_MANY_FEEDS with Retry-After past FEED_MAX_SUBSCRIBERS, and 401 without a key when reads need one', async () => {
    const t = await startTestApp({ FEED_MAX_SUBSCRIBERS: '2' }, { asAdmin: true });
    try {
      const open = [
        await openFeed(`${t.baseUrl}/timeline/changes`),
        await openFeed(`${t.baseUrl}/timeline/changes`),
      ];
      const third = await openFeed(`${t.baseUrl}/timeline/changes`);
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('30');
      expect(third.body).toMatchObject({ code: 'TOO_MANY_FEEDS' });
      open.forEach((f) => f.close());
      const metrics = await t.request('GET', '/metrics');
      expect(metrics.text).toMatch(/feed_disconnects_total\{reason="slow"\} 0/);
    } finally {
      await t.close();
    }
    const closed = await startTestApp({ ALLOW_ANONYMOUS_READS: 'false' });
    try {
      const refused = await openFeed(`${closed.baseUrl}/timeline/changes`);
      expect(refused.status).toBe(401);
    } finally {
      await closed.close();
    }
  });

  it('delivers every change to 200 concurrent subscribers while items are written', async () => {
    const t = await startTestApp({}, { asAdmin: true });
    try {
      for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
      const feeds = await Promise.all(
        Array.from({ length: 200 }, () => openFeed(`${t.baseUrl}/timeline/changes`)),
      );
      expect((await t.request('GET', '/metrics')).text).toMatch(/^feed_subscribers 200$/m);
      const written: string[] = [];
      await Promise.all(
        Array.from({ length: 4 }, async (_, writer) => {
          for (let i = 0; i < 8; i++) {
            const itemId = `load-${writer}-${i}`;
            const answer = await t.request('POST', '/items', {
              body: { type: 'SanctionImposed', itemId, data: countermeasuresFact() },
            });
            expect(answer.status).toBe(201);
            written.push(itemId);
          }
        }),
      );
      await Promise.all(
        feeds.map((f) => f.until((events) => changesOf(events).length >= written.length, 60_000)),
      );
      for (const f of feeds) {
        const ids = changesOf(f.events).map((c) => c.itemId);
        expect(ids.length).toBe(written.length);
        expect(new Set(ids)).toEqual(new Set(written));
      }
      feeds.forEach((f) => f.close());
    } finally {
      await t.close();
    }
  }, 120_000);
});
