import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Entity reads as a client meets them right after a write: minPosition is honoured before any
 * lookup (an alias in a filter, an id in a path), and a path takes a name or alias as the
 * filters do.
 */
describe('entity reads', () => {
  let t: TestApp;
  let itemPosition = '0';
  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
    const item = await t.request('POST', '/items', {
      body: { type: 'SanctionImposed', itemId: 'entity-read-item', data: countermeasuresFact() },
    });
    expect(item.status).toBe(201);
    itemPosition = item.body.position;
  });
  afterAll(() => t.close());

  const register = async (n: number) => {
    const entityId = `ent:company:fresh-${n}`;
    const answer = await t.request('POST', '/entities', {
      body: { entityId, kind: 'company', name: `Fresh Holdings ${n}`, aliases: [`FH${n}`] },
    });
    expect(answer.status).toBe(201);
    return {
      entityId,
      alias: `FH${n}`,
      name: `Fresh Holdings ${n}`,
      position: answer.body.position,
    };
  };

  it('finds an entity registered by the write that minPosition names, on every read route', async () => {
    const statuses: Record<string, number[]> = {};
    const note = (route: string, status: number) => (statuses[route] ??= []).push(status);
    for (let n = 0; n < 15; n++) {
      const { entityId, alias, name, position } = await register(n);
      const at = `minPosition=${position}`;
      const id = encodeURIComponent(entityId);
      note('timeline?entity', (await t.request('GET', `/timeline?entity=${alias}&${at}`)).status);
      note('entity timeline', (await t.request('GET', `/entities/${id}/timeline?${at}`)).status);
      const one = await t.request('GET', `/entities/${id}?${at}`);
      note('entity', one.status);
      expect(one.body.entityId).toBe(entityId);
      const search = await t.request('GET', `/entities?q=${encodeURIComponent(name)}&${at}`);
      note('entities?q', search.status);
      expect(search.body.entities.map((e: { entityId: string }) => e.entityId)).toContain(entityId);
    }
    for (const [route, seen] of Object.entries(statuses))
      expect({ route, seen }).toEqual({ route, seen: seen.map(() => 200) });
  });

  it('takes a name or alias in the path, as ?entity= does', async () => {
    const byAlias = await t.request(
      'GET',
      `/entities/MFA/timeline?includeRetracted=true&minPosition=${itemPosition}`,
    );
    const byFilter = await t.request('GET', '/timeline?entity=MFA&includeRetracted=true');
    expect(byAlias.status).toBe(200);
    expect(byAlias.body.items.length).toBeGreaterThan(0);
    expect(byAlias.body.items).toEqual(byFilter.body.items);
    const entity = await t.request('GET', '/entities/china');
    expect(entity.status).toBe(200);
    expect(entity.body.entityId).toBe('ent:country:CN');
  });

  it('refuses a name several entities carry with the ids to choose from, and an unknown one', async () => {
    let position = '0';
    for (const entityId of ['ent:company:twin-a', 'ent:company:twin-b']) {
      const answer = await t.request('POST', '/entities', {
        body: { entityId, kind: 'company', name: `Twin ${entityId.slice(-1)}`, aliases: [] },
      });
      expect(answer.body).toMatchObject({ entityId });
      const alias = await t.request('POST', `/entities/${encodeURIComponent(entityId)}/aliases`, {
        body: { alias: 'Twin Holdings' },
      });
      expect({ status: alias.status, body: alias.body }).toMatchObject({ status: 201 });
      position = alias.body.position;
    }
    const shared = await t.request('GET', `/entities/Twin%20Holdings?minPosition=${position}`);
    expect(shared.status).toBe(404);
    expect(shared.headers.get('content-type')).toContain('application/problem+json');
    expect(shared.body.detail).toContain('ent:company:twin-a, ent:company:twin-b');
    const unknown = await t.request('GET', '/entities/Atlantis/timeline');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('Atlantis');
  });

  it('names a bad minPosition on the entity routes', async () => {
    for (const path of ['/entities/PRC?minPosition=soon', '/entities?q=x&minPosition=-1']) {
      const answer = await t.request('GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(JSON.stringify(answer.body)).toContain('minPosition');
    }
  });

  it("takes EU and UN as an entity's codes, as a fact's jurisdiction does, and refuses others", async () => {
    const eu = await t.request('POST', '/entities', {
      body: {
        entityId: 'ent:org:eu',
        kind: 'public-body',
        name: 'European Union',
        aliases: ['EU'],
        countryCodes: ['EU'],
      },
    });
    expect({ status: eu.status, body: eu.body }).toMatchObject({ status: 201 });
    const bad = await t.request('POST', '/entities', {
      body: {
        entityId: 'ent:org:nowhere',
        kind: 'public-body',
        name: 'Nowhere',
        aliases: [],
        countryCodes: ['XX'],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([
      { field: 'countryCodes', message: expect.stringContaining('EU or UN') },
    ]);
  });
});
