import { countermeasuresFact, ENTITY_FIXTURES } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Creating commands (POST /items, POST /entities) append without reading their stream first and
 * fall back to the read-fold-decide path on any refusal. These pin down that the answers, and
 * which check wins when several fail, are those of the read-first path.
 */
describe('creating writes answer as the read-first path did', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) {
      expect((await t.request('POST', '/entities', { body: entity })).status).toBe(201);
    }
    const first = await record('existing', countermeasuresFact());
    expect(first.status).toBe(201);
  });
  afterAll(() => t.close());

  const record = (itemId: string, data: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', '/items', { body: { type: 'SanctionImposed', itemId, data }, headers });

  it.each([
    ['a valid body', countermeasuresFact()],
    ['an invalid fact', countermeasuresFact({ headline: undefined, mood: 'x' })],
    [
      'unknown entities',
      countermeasuresFact({ actors: [{ entityId: 'ent:org:nobody', role: 'authority' }] }),
    ],
  ])(
    'an existing item with %s: 409 ITEM_EXISTS with its version, nothing written',
    async (_l, data) => {
      const before = await t.store.headPosition();
      const response = await record('existing', data);
      expect([response.status, response.body.code]).toEqual([409, 'ITEM_EXISTS']);
      expect(response.body).toMatchObject({ currentVersion: 1 });
      expect(await t.store.headPosition()).toBe(before);
    },
  );

  it('an existing item of another type is refused as existing, not as a bad type', async () => {
    const response = await t.request('POST', '/items', {
      body: { type: 'Gossip', itemId: 'existing', data: countermeasuresFact() },
    });
    expect([response.status, response.body.code]).toEqual([409, 'ITEM_EXISTS']);
  });

  it('a retried create (same Idempotency-Key) answers from the stored event', async () => {
    const headers = { 'idempotency-key': 'create-retry' };
    const first = await record('retried', countermeasuresFact(), headers);
    const again = await record('retried', countermeasuresFact(), headers);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(await t.store.readStream('item-retried')).toHaveLength(1);
  });

  it('a second registration of an entity is 409 ENTITY_EXISTS, nothing written', async () => {
    const before = await t.store.headPosition();
    const response = await t.request('POST', '/entities', { body: ENTITY_FIXTURES[0] });
    expect([response.status, response.body.code]).toEqual([409, 'ENTITY_EXISTS']);
    expect(await t.store.headPosition()).toBe(before);
  });

  it('concurrent creates of one item: exactly one 201, the others 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => record('raced', countermeasuresFact())),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(9).fill(409)]);
    expect(await t.store.readStream('item-raced')).toHaveLength(1);
  });
});
