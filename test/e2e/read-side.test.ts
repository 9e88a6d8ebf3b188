import { timelineItemProjection } from '../../projections/timeline-item.projection';
import { ReadSideApp, correction, fact } from './read-side.fixture';

type Item = { itemId: string; status: string; retraction: unknown; fact: { headline: string } };
const ids = (body: Record<string, unknown>) => (body.items as Item[]).map((i) => i.itemId);

const CN = 'ent:country:CN';
const US = 'ent:country:US';
const RU = 'ent:country:RU';

describe('read side over HTTP', () => {
  let t: ReadSideApp;
  let beforeCorrection: bigint;
  let correctedAt: bigint;

  beforeAll(async () => {
    t = await ReadSideApp.start();
    await t.registerEntity(CN, 'China', ['PRC']);
    await t.registerEntity(US, 'United States', ['USA']);
    await t.registerEntity(RU, 'Russia');
    await t.append(
      'item-treasury',
      'SanctionImposed',
      fact({
        headline: 'Treasury blocks Chinese banks',
        days: ['2024-04-12', '2024-04-12'],
        actors: [US],
        targets: [CN],
        countries: ['US', 'CN'],
        topics: ['secondary-sanctions'],
        confidence: 'official-record',
        quote: 'blocking property of the banks',
      }),
    );
    await t.append(
      'item-xi-lavrov',
      'DiplomaticEngagementReported',
      fact({
        headline: 'Xi meets Lavrov in Beijing',
        days: ['2024-04-09', '2024-04-09'],
        actors: [CN],
        targets: [RU],
        countries: ['CN', 'RU'],
        topics: ['diplomacy'],
        confidence: 'confirmed',
      }),
    );
    await t.append(
      'item-machine-tools',
      'TradeStatisticReported',
      fact({
        headline: 'Machine-tool imports from China',
        days: ['2023-10-01', '2023-12-31'],
        actors: [CN],
        targets: [RU],
        countries: ['CN', 'RU'],
        topics: ['machine-tools'],
        confidence: 'official-claim',
      }),
    );
    await t.append(
      'item-eo-14114',
      'LegalInstrumentIssued',
      fact({
        headline: 'EO 14114 signed',
        days: ['2023-12-22', '2023-12-22'],
        actors: [US],
        countries: ['US'],
        topics: ['secondary-sanctions'],
        confidence: 'official-record',
      }),
    );
    await t.append(
      'item-xi-lavrov-dup',
      'DiplomaticEngagementReported',
      fact({
        headline: 'Xi hosts Lavrov',
        days: ['2024-04-09', '2024-04-09'],
        actors: [CN],
        targets: [RU],
      }),
    );
    // A later millisecond, so the asOf-instant test can tell the two events apart.
    await new Promise((r) => setTimeout(r, 5));
    beforeCorrection = await t.append('item-xi-lavrov-dup', 'ItemRetracted', {
      kind: 'duplicate',
      reason: 'same meeting',
      duplicateOf: 'xi-lavrov',
    });
    correctedAt = await t.append(
      'item-machine-tools',
      'ItemCorrected',
      correction(
        fact({
          headline: 'Machine-tool imports from China: nearly 70 %',
          days: ['2023-10-01', '2023-12-31'],
          actors: [CN],
          targets: [RU],
          countries: ['CN', 'RU'],
          topics: ['machine-tools'],
          confidence: 'official-claim',
        }),
        'TradeStatisticReported',
        'clarification',
      ),
    );
  });
  afterAll(() => t.stop());

  it('orders live items by occurred.earliest, then itemId, and hides retracted ones by default', async () => {
    const res = await t.get('/timeline');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(['machine-tools', 'eo-14114', 'xi-lavrov', 'treasury']);
    expect(res.body.position).toBe(correctedAt.toString());
    expect(ids((await t.get('/timeline?order=desc')).body)).toEqual([
      'treasury',
      'xi-lavrov',
      'eo-14114',
      'machine-tools',
    ]);
    const all = (await t.get('/timeline?includeRetracted=true')).body.items as Item[];
    expect(all.find((i) => i.itemId === 'xi-lavrov-dup')).toMatchObject({
      status: 'retracted',
      retraction: { kind: 'duplicate', reason: 'same meeting', duplicateOf: 'xi-lavrov' },
    });
  });

  it.each([
    ['entity=PRC', ['machine-tools', 'xi-lavrov', 'treasury']],
    ['entity=ent:country:cn', ['machine-tools', 'xi-lavrov', 'treasury']],
    ['actor=china', ['machine-tools', 'xi-lavrov']],
    ['target=Prc', ['treasury']],
    ['actor=USA&target=PRC', ['treasury']],
    ['country=ru', ['machine-tools', 'xi-lavrov']],
    ['topic=secondary-sanctions', ['eo-14114', 'treasury']],
    ['type=LegalInstrumentIssued,SanctionImposed', ['eo-14114', 'treasury']],
    ['confidence=confirmed', ['xi-lavrov']],
    ['confidence=%3E%3Dconfirmed', ['eo-14114', 'xi-lavrov', 'treasury']],
    ['q=lavrov', ['xi-lavrov']],
    ['q=banks%20blocking', ['treasury']],
    ['q=70', ['machine-tools']],
    // English words match their other forms (Porter stemming): banks, blocking, meets.
    ['q=bank%20block', ['treasury']],
    ['q=meet', ['xi-lavrov']],
    ['from=2023-12&to=2023-12', ['machine-tools', 'eo-14114']],
    ['from=2023-12&to=2023-12&within=true', ['eo-14114']],
    ['from=2024-04-10', ['treasury']],
    ['to=2023', ['machine-tools', 'eo-14114']],
    ['entity=PRC&country=RU&topic=diplomacy', ['xi-lavrov']],
    // A comma list is any of its values; a repeated parameter requires each.
    ['country=RU,US', ['machine-tools', 'eo-14114', 'xi-lavrov', 'treasury']],
    ['country=US&country=CN', ['treasury']],
    ['country=RU&country=US', []],
    ['country=US,RU&country=cn', ['machine-tools', 'xi-lavrov', 'treasury']],
    ['topic=diplomacy,machine-tools', ['machine-tools', 'xi-lavrov']],
    ['topic=diplomacy&topic=machine-tools', []],
    // A list with one known topic asks for any of them, so it is answered.
    ['topic=diplomacy,never-used', ['xi-lavrov']],
  ])('filters %s', async (params, expected) => {
    const res = await t.get(`/timeline?${params}`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(expected);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['from=2024-13', 'from'],
    ['to=2024-02-30', 'to'],
    ['from=2024-05&to=2024-04', 'to'],
    ['asOf=yesterday', 'asOf'],
    ['asOf=position:-3', 'asOf'],
    // Date.parse rolls these over to another moment; they are refused, not answered for March 1.
    ['asOf=2024-02-30T00:00:00Z', 'asOf'],
    ['asOf=2024-04-12T24:00:00Z', 'asOf'],
    ['asOf=2024-04-12T12:60:00Z', 'asOf'],
    ['asOf=2023-02-29T00:00:00Z', 'asOf'],
    ['type=Rumour', 'type'],
    ['confidence=maybe', 'confidence'],
    ['order=up', 'order'],
    ['cursor=garbage', 'cursor'],
    // Forged cursors that decode: with q their sort key used to reach BigInt(NaN) (a 500).
    ['q=sanction&cursor=WyJub3QtYS1kYXRlIiwgIngiLCAiYXNjIl0', 'cursor'],
    ['q=sanction&cursor=WyIyMDIzLTAyLTI5IiwgIngiLCAiYXNjIl0', 'cursor'],
    ['q=sanction&cursor=WyIyMDI0LTAxLTAxIiwgIiIsICJhc2MiXQ', 'cursor'],
    ['q=sanction&cursor=WyI5OTk5OSIsICJ4IiwgImFzYyJd', 'cursor'],
    [
      'q=sanction&cursor=WyIyMDI0LTAxLTAxIiwgInh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eCIsICJhc2MiXQ',
      'cursor',
    ],
    ['entity=Atlantis', 'entity'],
    ['actor=Narnia', 'actor'],
    ['minPosition=-1', 'minPosition'],
    ['country=China', 'country'],
    ['country=XX', 'country'],
    ['topic=secondary%20sanctions', 'topic'],
    // Well-formed, but no item ever carried it: said, as an unknown entity name is.
    ['topic=never-used', 'topic'],
    ['topic=never-used,also-never', 'topic'],
    ['contry=RU', 'contry'],
    ['entity=PRC&asof=position:3', 'asof'],
    ['includeRetracted=yes', 'includeRetracted'],
    ['within=1', 'within'],
    ['q=%20%21%21', 'q'],
    ['limit=1&limit=2', 'limit'],
  ])('rejects %s with a 400 naming %s', async (params, name) => {
    const res = await t.get(`/timeline?${params}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_QUERY_PARAMETER', fields: [{ field: name }] });
  });

  it('answers asOf a position or an instant from before the correction and the retraction', async () => {
    const before = (await t.get(`/timeline?asOf=position:${beforeCorrection - 1n}`)).body;
    expect(ids(before)).toEqual([
      'machine-tools',
      'eo-14114',
      'xi-lavrov',
      'xi-lavrov-dup',
      'treasury',
    ]);
    expect(before.position).toBe((beforeCorrection - 1n).toString());
    const item = await t.get(`/items/machine-tools?asOf=position:${correctedAt - 1n}`);
    expect(item.body.fact).toMatchObject({ headline: 'Machine-tool imports from China' });
    expect(item.headers.etag).toBe('"1"');
    const now = await t.get('/items/machine-tools');
    expect(now.body.fact).toMatchObject({
      headline: 'Machine-tool imports from China: nearly 70 %',
    });
    expect(now.headers.etag).toBe('"2"');

    const [opened, retracted] = await t.store.readStream('item-xi-lavrov-dup');
    const openedAt = encodeURIComponent(opened.metadata.recordedAt);
    const retractedAt = encodeURIComponent(retracted.metadata.recordedAt);
    expect(ids((await t.get(`/timeline?asOf=${openedAt}&q=hosts`)).body)).toEqual([
      'xi-lavrov-dup',
    ]);
    expect(ids((await t.get(`/timeline?asOf=${retractedAt}&q=hosts`)).body)).toEqual([]);
    const retractedThen = await t.get(
      `/timeline?asOf=${retractedAt}&q=hosts&includeRetracted=true`,
    );
    expect((retractedThen.body.items as Item[])[0].status).toBe('retracted');
    expect(ids((await t.get('/timeline?asOf=2000-01-01T00:00:00Z')).body)).toEqual([]);
    expect((await t.get('/items/treasury?asOf=2000-01-01T00:00:00%2B02:00')).status).toBe(404);
    const entityThen = await t.get(
      `/entities/${CN}/timeline?asOf=position:${beforeCorrection - 1n}&actor=PRC`,
    );
    expect(ids(entityThen.body)).toEqual(['machine-tools', 'xi-lavrov', 'xi-lavrov-dup']);
  });

  it('keeps cursor pages stable while new items arrive', async () => {
    const first = await t.get('/timeline?limit=2');
    expect(ids(first.body)).toEqual(['machine-tools', 'eo-14114']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    await t.append(
      'item-early',
      'SanctionThreatened',
      fact({ headline: 'Early', days: ['2020-01-01', '2020-01-01'] }),
    );
    await t.append(
      'item-late',
      'SanctionThreatened',
      fact({ headline: 'Late', days: ['2025-01-01', '2025-01-01'] }),
    );
    const second = await t.get(`/timeline?limit=2&cursor=${String(first.body.nextCursor)}`);
    expect(ids(second.body)).toEqual(['xi-lavrov', 'treasury']);
    const third = await t.get(`/timeline?limit=2&cursor=${String(second.body.nextCursor)}`);
    expect(ids(third.body)).toEqual(['late']);
    expect(third.body.nextCursor).toBeNull();
    const wrongOrder = await t.get(`/timeline?order=desc&cursor=${String(first.body.nextCursor)}`);
    expect(wrongOrder.status).toBe(400);
  });

  it('serves items, entities and entity timelines, with 404s for unknown ids', async () => {
    expect((await t.get('/items/nope')).body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.get('/entities?q=prc')).body.entities).toEqual([
      expect.objectContaining({ entityId: CN }),
    ]);
    expect((await t.get('/entities?q=ussia')).body.entities).toEqual([
      expect.objectContaining({ entityId: RU }),
    ]);
    expect((await t.get('/entities?q=country')).body.entities).toHaveLength(3);
    expect((await t.get(`/entities/${RU}`)).body).toMatchObject({ name: 'Russia', aliases: [] });
    const byId = await t.get(`/entities?id=${US},${CN}&id=ent:country:XX`);
    expect((byId.body.entities as { entityId: string }[]).map((e) => e.entityId)).toEqual([CN, US]);
    const tooMany = Array.from({ length: 201 }, (_, i) => `id=ent:country:X${i}`).join('&');
    for (const [path, field] of [
      [`/entities?id=${CN}&q=china`, 'q'],
      [`/entities?${tooMany}`, 'id'],
    ]) {
      expect((await t.get(path)).body).toMatchObject({
        code: 'INVALID_QUERY_PARAMETER',
        fields: [{ field }],
      });
    }
    expect((await t.get('/entities/ent:country:XX')).status).toBe(404);
    expect((await t.get('/entities/ent:country:XX/timeline')).status).toBe(404);
    expect(ids((await t.get(`/entities/${US}/timeline`)).body)).toEqual(['eo-14114', 'treasury']);
  });

  it.each([
    ['/items/treasury?asof=position:3', 'asof'],
    ['/items/treasury/history?asOf=position:3', 'asOf'],
    [`/entities/${CN}?asOf=position:3`, 'asOf'],
    ['/entities?name=prc', 'name'],
    [`/entities/${CN}/timeline?contry=RU`, 'contry'],
  ])('refuses a parameter the endpoint does not take: %s', async (path, name) => {
    const res = await t.get(path);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_QUERY_PARAMETER', fields: [{ field: name }] });
  });

  it('waits for minPosition, then answers 503 with Retry-After when the read model is behind', async () => {
    const head = await t.store.headPosition();
    const pending = t.get(`/timeline?minPosition=${head + 1n}&q=pending`);
    await t.store.append(
      'item-pending',
      [
        {
          type: 'SanctionThreatened',
          data: fact({ headline: 'Pending', days: ['2024-05-01', '2024-05-01'] }) as never,
        },
      ],
      'no-stream',
    );
    expect(ids((await pending).body)).toEqual(['pending']);
    const late = await t.get(`/timeline?minPosition=${head + 100n}`);
    expect(late.status).toBe(503);
    expect(late.headers['retry-after']).toBe('1');
    expect(late.body).toMatchObject({ code: 'NOT_CAUGHT_UP' });
  });

  it('rebuilds side by side and swaps, giving the same answers', async () => {
    const before = (await t.get('/timeline?includeRetracted=true&limit=500')).body;
    const res = await t.post('/admin/projections/timeline-items/rebuild');
    expect(res.status).toBe(202);
    expect((await t.get('/timeline?includeRetracted=true&limit=500')).body.items).toEqual(
      before.items,
    );
    let status: Record<string, unknown>[] = [];
    for (let i = 0; i < 100; i += 1) {
      status = (await t.get('/admin/projections')).body.projections as Record<string, unknown>[];
      if (status[0].rebuild === null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const head = (await t.store.headPosition()).toString();
    expect(status[0]).toMatchObject({
      name: 'timeline-items',
      version: timelineItemProjection.version,
      checkpoint: head,
      lag: '0',
      state: 'live',
      rebuild: null,
    });
    expect(t.readModel.timeline.activeGen).toBe(2);
    expect((await t.get('/timeline?includeRetracted=true&limit=500')).body.items).toEqual(
      before.items,
    );
    expect((await t.post('/admin/projections/nope/rebuild')).status).toBe(404);
  });
});

describe('a projection that cannot fold an event', () => {
  let t: ReadSideApp;
  beforeAll(async () => {
    t = await ReadSideApp.start();
  });
  afterAll(() => t.stop());

  it('stops before it, keeps its checkpoint and reports name, position, event type and error', async () => {
    const ok = await t.append(
      'item-ok',
      'SanctionThreatened',
      fact({ headline: 'Fine', days: ['2024-01-01', '2024-01-01'] }),
    );
    const bad = await t.store.append(
      'item-orphan',
      [{ type: 'ItemRetracted', data: { kind: 'erroneous', reason: 'x' } }],
      'any',
    );
    await t.store.append(
      'item-after',
      [
        {
          type: 'SanctionThreatened',
          data: fact({ headline: 'After', days: ['2024-01-02', '2024-01-02'] }) as never,
        },
      ],
      'any',
    );
    await t.settle(ok);
    for (let i = 0; i < 100 && t.readModel.timeline.active.state !== 'failed'; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const [timeline, entities] = (await t.get('/admin/projections')).body.projections as Record<
      string,
      unknown
    >[];
    expect(timeline).toMatchObject({
      name: 'timeline-items',
      state: 'failed',
      checkpoint: ok.toString(),
      failure: {
        name: 'timeline-items',
        position: bad.position.toString(),
        eventType: 'ItemRetracted',
        error: expect.stringContaining('item-orphan'),
      },
    });
    expect(entities).toMatchObject({ name: 'entities', state: 'live', failure: null });
    expect(ids((await t.get('/timeline')).body)).toEqual(['ok']);
  });
});

describe('where the projections run', () => {
  it.each([
    ['on their own thread (the default): the request thread only reads the file', {}, true],
    ['on the request thread with PROJECTION_THREAD=false', { PROJECTION_THREAD: 'false' }, false],
  ])('%s', async (_, env, readOnly) => {
    const t = await ReadSideApp.start(env);
    try {
      expect(t.readModel.db.readonly).toBe(readOnly);
      await t.registerEntity(CN, 'China', ['PRC']);
      await t.append(
        'item-one',
        'SanctionImposed',
        fact({
          headline: 'One',
          days: ['2024-01-01', '2024-01-01'],
          actors: [CN],
          targets: [CN],
          countries: ['CN'],
          topics: ['diplomacy'],
          confidence: 'official-record',
        }),
      );
      const res = await t.get('/timeline?entity=PRC');
      expect(res.status).toBe(200);
      expect(ids(res.body)).toEqual(['one']);
      const [timeline] = (await t.get('/admin/projections')).body.projections as Record<
        string,
        unknown
      >[];
      expect(timeline).toMatchObject({ name: 'timeline-items', state: 'live', lag: '0' });
    } finally {
      await t.stop();
    }
  });
});

describe('a projection thread that dies', () => {
  it('leaves both projections failed where they stood, and readiness failing', async () => {
    const t = await ReadSideApp.start();
    try {
      const at = await t.registerEntity(CN, 'China', ['PRC']);
      // As if the thread crashed: no stop message, no goodbye.
      const thread = t.readModel['thread'] as unknown as {
        worker: { terminate(): Promise<number> };
      };
      await thread.worker.terminate();
      const projections = (await t.get('/admin/projections')).body.projections as Record<
        string,
        unknown
      >[];
      for (const projection of projections) {
        expect(projection).toMatchObject({
          state: 'failed',
          checkpoint: at.toString(),
          failure: {
            position: (at + 1n).toString(),
            eventType: '(projection thread)',
            error: expect.stringContaining('the projection thread exited'),
          },
        });
      }
      expect((await t.get('/health/ready')).status).toBe(503);
    } finally {
      await t.stop();
    }
  });

  it('reports how long the oldest event not yet applied has waited, in seconds', async () => {
    const t = await ReadSideApp.start();
    try {
      await t.registerEntity(CN, 'China', ['PRC']);
      const thread = t.readModel['thread'] as unknown as {
        worker: { terminate(): Promise<number> };
      };
      await thread.worker.terminate();
      const caughtUp = (await t.get('/admin/projections')).body.projections as {
        lagSeconds: number;
      }[];
      expect(caughtUp.map((p) => p.lagSeconds)).toEqual([0, 0]);
      // Appended straight to the store: nothing will apply it now.
      await t.store.append(
        'entity-ent:country:TW',
        [
          {
            type: 'EntityRegistered',
            data: { entityId: 'ent:country:TW', kind: 'country', name: 'Taiwan', aliases: [] },
          },
        ],
        'no-stream',
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const behind = (await t.get('/admin/projections')).body.projections as {
        lag: string;
        lagSeconds: number;
      }[];
      for (const projection of behind) {
        expect(projection.lag).toBe('1');
        expect(projection.lagSeconds).toBeGreaterThanOrEqual(1);
      }
      const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/projection_lag_seconds\{projection="timeline-items"\} (1|2)\.\d+/);
    } finally {
      await t.stop();
    }
  });
});
