import { ReadSideApp, fact } from './read-side.fixture';

const CN = 'ent:country:CN';

/**
 * asOf=position:<n> on the read routes: a position the store has not reached is the client's
 * mistake (400, as /audit/* answers), a position the store has but the read model lacks is worth
 * a retry (503 NOT_CAUGHT_UP with Retry-After).
 */
describe('asOf a position', () => {
  let t: ReadSideApp;
  let item: bigint;
  beforeAll(async () => {
    t = await ReadSideApp.start({ MIN_POSITION_WAIT_MS: '300' });
    await t.registerEntity(CN, 'China', ['PRC']);
    item = await t.append(
      'item-one',
      'SanctionImposed',
      fact({ headline: 'One', days: ['2024-01-01', '2024-01-01'], actors: [CN] }),
    );
  });
  afterAll(() => t.stop());

  const readRoutes = (position: bigint) => [
    `/timeline?asOf=position:${position}`,
    `/items/one?asOf=position:${position}`,
    `/entities/${encodeURIComponent(CN)}/timeline?asOf=position:${position}`,
    `/timeline?asOf=position:${position}&format=csv`,
  ];

  it('answers the head itself as usual', async () => {
    // (The CSV export answers CSV, which this helper does not parse; its refusals are JSON.)
    for (const url of readRoutes(item).filter((u) => !u.includes('format='))) {
      expect({ url, status: (await t.get(url)).status }).toEqual({ url, status: 200 });
    }
  });

  it('answers a position beyond the head of the log 400 naming asOf and the head, without waiting for it', async () => {
    const head = await t.store.headPosition();
    for (const url of readRoutes(head + 1n)) {
      const answer = await t.get(url);
      expect({ url, status: answer.status }).toEqual({ url, status: 400 });
      expect(answer.headers['retry-after']).toBeUndefined();
      expect(answer.body).toMatchObject({
        code: 'INVALID_QUERY_PARAMETER',
        fields: [
          {
            field: 'asOf',
            message: `position ${head + 1n} is beyond the head of the log (${head})`,
          },
        ],
      });
    }
  });

  it('answers a position the store has but the read model has not reached 503 NOT_CAUGHT_UP with Retry-After', async () => {
    // A retraction of an item that never existed stops the timeline projection before it, so the
    // read model stays behind a position the store does have.
    const stuck = await t.store.append(
      'item-orphan',
      [{ type: 'ItemRetracted', data: { kind: 'erroneous', reason: 'x' } as never }],
      'any',
    );
    for (let i = 0; i < 200 && t.readModel.timeline.active.state !== 'failed'; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(t.readModel.timeline.active.state).toBe('failed');
    expect(await t.store.headPosition()).toBe(stuck.position);
    for (const url of readRoutes(stuck.position)) {
      const answer = await t.get(url);
      expect({ url, status: answer.status }).toEqual({ url, status: 503 });
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toMatchObject({ code: 'NOT_CAUGHT_UP' });
    }
    // Beyond the head is still the client's mistake, even while the read model is behind.
    const beyond = await t.get(`/timeline?asOf=position:${stuck.position + 5n}`);
    expect(beyond.status).toBe(400);
  });
});
