import { countermeasuresFact, ENTITY_FIXTURES } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** One item id rule: what POST /items accepts can be referred to, and the message is the same. */
describe('item ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
  });
  afterAll(() => t.close());

  const record = (itemId: string) =>
    t.request('POST', '/items', {
      body: { type: 'SanctionImposed', itemId, data: countermeasuresFact() },
    });
  let copies = 0;
  /** A fresh copy retracted as a duplicate of `itemId`: a reference to an item by its id. */
  const duplicateOf = async (itemId: string) => {
    const copy = `copy-${++copies}`;
    expect((await record(copy)).status).toBe(201);
    return t.request('POST', `/items/${copy}/retraction`, {
      body: { kind: 'duplicate', reason: 'the same decree', duplicateOf: itemId },
      headers: { 'if-match': '"1"' },
    });
  };

  it('refers to an item by the id it was created with, a double hyphen and the longest id included', async () => {
    const longest = `a${'-b'.repeat(49)}c`.slice(0, 100);
    expect(longest).toHaveLength(100);
    for (const itemId of ['eo--14114', longest]) {
      expect({ itemId, status: (await record(itemId)).status }).toEqual({ itemId, status: 201 });
    }
    for (const itemId of ['eo--14114', longest]) {
      expect({ itemId, status: (await duplicateOf(itemId)).status }).toEqual({
        itemId,
        status: 200,
      });
    }
  });

  it('refuses the same ids at creation and in a reference, with one message', async () => {
    const bad = ['-leading', 'trailing-', 'Upper', 'under_score', 'a'.repeat(101)];
    const messages = new Set<string>();
    for (const itemId of bad) {
      const created = await record(itemId);
      const referred = await duplicateOf(itemId);
      expect({ itemId, statuses: [created.status, referred.status] }).toEqual({
        itemId,
        statuses: [400, 400],
      });
      const fields = [...created.body.fields, ...referred.body.fields] as {
        field: string;
        message: string;
      }[];
      expect(fields.map((f) => f.field)).toEqual(['itemId', 'duplicateOf']);
      for (const f of fields) messages.add(f.message.replace(/^\w+ /, ''));
    }
    expect([...messages]).toEqual([expect.stringContaining('at most 100 characters')]);
  });
});
