import { seedOverHttp, type SeededStory } from '../support/seed-over-http';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 4's proof on the seed story: asOf answers what the timeline said at that moment. */
describe('as-of answers on the seed story', () => {
  let t: TestApp;
  let story: SeededStory;
  let head: bigint;

  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    story = await seedOverHttp(t);
    head = await t.store.headPosition();
  });
  afterAll(() => t.close());

  const at = (key: string, delta = 0n) => `position:${story.positions.get(key)! + delta}`;
  const item = (id: string, asOf: string) =>
    t.request('GET', `/items/${id}?asOf=${asOf}&minPosition=${head}`);
  const timeline = (query: string) =>
    t.request('GET', `/timeline?limit=500&minPosition=${head}&${query}`);

  it('the Blinken trip is "expected" just before its update and "occurred" from it on', async () => {
    const before = await item(
      'blinken-china-trip-2024-04',
      at('seed:correct:blinken-china-trip-2024-04:1', -1n),
    );
    expect(before.status).toBe(200);
    expect(before.body.fact.engagement.status).toBe('expected');
    expect(before.headers.get('etag')).toBe('"1"');
    const after = await item(
      'blinken-china-trip-2024-04',
      at('seed:correct:blinken-china-trip-2024-04:1'),
    );
    expect(after.body.fact.engagement.status).toBe('occurred');
    expect(after.body.version).toBe(2);
  });

  it('the duplicate Xi–Lavrov item is live before its retraction and gone after (marked with includeRetracted)', async () => {
    const ids = (response: { body: { items: { itemId: string; status: string }[] } }) =>
      response.body.items.map((i) => i.itemId);
    const before = await timeline(`asOf=${at('seed:retract:xi-lavrov-dup-tribune', -1n)}`);
    expect(ids(before)).toContain('xi-lavrov-dup-tribune');
    const after = await timeline(`asOf=${at('seed:retract:xi-lavrov-dup-tribune')}`);
    expect(ids(after)).not.toContain('xi-lavrov-dup-tribune');
    expect(ids(after)).toContain('xi-lavrov-2024-04-09');
    const marked = await timeline(
      `asOf=${at('seed:retract:xi-lavrov-dup-tribune')}&includeRetracted=true`,
    );
    const duplicate = marked.body.items.find(
      (i: { itemId: string }) => i.itemId === 'xi-lavrov-dup-tribune',
    );
    expect(duplicate).toMatchObject({
      status: 'retracted',
      retraction: { kind: 'duplicate', duplicateOf: 'xi-lavrov-2024-04-09' },
    });
  });

  it('the machine-tool share reads "nearly" before its clarification and "approximately" after', async () => {
    const key = 'seed:correct:trade-machine-tools-2023q4:1';
    const share = (response: {
      body: { fact: { statistic: { observations: { share?: { qualifier: string } }[] } } };
    }) => response.body.fact.statistic.observations.find((o) => o.share)?.share?.qualifier;
    expect(share(await item('trade-machine-tools-2023q4', at(key, -1n)))).toBe('nearly');
    const after = await item('trade-machine-tools-2023q4', at(key));
    expect(share(after)).toBe('approximately');
    expect(
      after.body.fact.sources.map((s: { publisher: string }) => s.publisher).join(' '),
    ).toMatch(/Guardian/);
  });

  it('items recorded later are absent from an earlier answer', async () => {
    const response = await timeline(`asOf=${at('seed:item:eo-14114')}`);
    expect(response.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(['eo-14114']);
    const missing = await item('blinken-china-trip-2024-04', at('seed:item:eo-14114'));
    expect(missing.status).toBe(404);
  });

  it('an RFC 3339 instant before anything was recorded shows an empty timeline', async () => {
    const response = await timeline('asOf=2000-01-01T00:00:00Z');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
  });

  it("the analyst's question: General Dynamics and General Atomics through their subsidiaries", async () => {
    const ids = (response: { body: { items: { itemId: string }[] } }) =>
      response.body.items.map((i) => i.itemId);
    // China's countermeasures name the subsidiaries (GDLS, GA-ASI), not the groups.
    expect(ids(await timeline('entity=General%20Dynamics'))).toEqual([]);
    expect(ids(await timeline('entity=General%20Dynamics&includeSubsidiaries=true'))).toEqual([
      'cn-mfa-decree-5-2024',
    ]);
    expect(
      ids(await timeline('target=ent:company:general-atomics&includeSubsidiaries=true')),
    ).toEqual(['cn-mfa-decree-5-2024']);
    const entityTimeline = await t.request(
      'GET',
      `/entities/ent:company:general-dynamics/timeline?includeSubsidiaries=true&minPosition=${head}`,
    );
    expect(ids(entityTimeline)).toEqual(['cn-mfa-decree-5-2024']);
    // An entity without subsidiaries answers the same either way.
    expect(ids(await timeline('entity=GDLS&includeSubsidiaries=true'))).toEqual(
      ids(await timeline('entity=GDLS')),
    );
    const bad = await timeline('entity=GDLS&includeSubsidiaries=yes');
    expect(bad.status).toBe(400);
  });
});
