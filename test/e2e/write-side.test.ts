import { countermeasuresFact, ENTITY_FIXTURES } from '../support/fixtures';
import { startTestApp, type TestApp, type TestResponse } from '../support/test-app';

describe('write side over HTTP (real app, temporary SQLite)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) {
      const response = await t.request('POST', '/entities', { body: entity });
      expect(response.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const head = () => t.store.headPosition();
  const record = (
    itemId: string,
    data = countermeasuresFact(),
    headers: Record<string, string> = {},
  ) => t.request('POST', '/items', { body: { type: 'SanctionImposed', itemId, data }, headers });

  it('records an item: 201, Location, ETag and the stored coordinates', async () => {
    const response = await record('cn-mfa-countermeasures');
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/items/cn-mfa-countermeasures');
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({ itemId: 'cn-mfa-countermeasures', version: 1 });
    expect(response.body.position).toMatch(/^\d+$/);
    expect(response.body.hash).toMatch(/^[0-9a-f]{64}$/);
    const [stored] = await t.store.readStream('item-cn-mfa-countermeasures');
    expect(stored.id).toBe(response.body.eventId);
    expect(stored.metadata.recordedAt).toBe(response.body.recordedAt);
    expect(stored.data).toMatchObject({
      occurred: { earliest: '2024-04-11', latest: '2024-04-11', precision: 'day' },
    });
  });

  it('derives the itemId from the headline when absent', async () => {
    const data = countermeasuresFact({ headline: 'MFA names two U.S. firms in Decree No. 5!' });
    const response = await t.request('POST', '/items', { body: { type: 'SanctionImposed', data } });
    expect(response.status).toBe(201);
    expect(response.body.itemId).toBe('mfa-names-two-us-firms-in-decree-no-5');
  });

  it('refuses a second item with the same id (409) and writes nothing', async () => {
    const before = await head();
    const response = await record('cn-mfa-countermeasures');
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ITEM_EXISTS');
    expect(await head()).toBe(before);
  });

  describe('bad input: a 4xx naming the field, problem+json, nothing written', () => {
    const cases: Array<
      [
        string,
        () => Promise<{ status: number; body: TestResponse['body'] }>,
        number,
        string,
        string?,
      ]
    > = [
      [
        'missing field',
        () => record('bad-1', countermeasuresFact({ headline: undefined })),
        400,
        'VALIDATION_FAILED',
        'data.headline',
      ],
      [
        'extra field',
        () => record('bad-2', countermeasuresFact({ mood: 'angry' })),
        400,
        'VALIDATION_FAILED',
        'data.mood',
      ],
      [
        'wrong type',
        () => record('bad-3', countermeasuresFact({ topics: 'sanctions' })),
        400,
        'VALIDATION_FAILED',
        'data.topics',
      ],
      [
        'bad EDTF',
        () => record('bad-4', countermeasuresFact({ occurred: { edtf: '2024-13-45' } })),
        400,
        'VALIDATION_FAILED',
        'data.occurred.edtf',
      ],
      [
        'empty sources',
        () => record('bad-5', countermeasuresFact({ sources: [] })),
        400,
        'VALIDATION_FAILED',
        'data.sources',
      ],
      [
        'bad country code',
        () => record('bad-6', countermeasuresFact({ countries: ['XX'] })),
        400,
        'VALIDATION_FAILED',
        'data.countries',
      ],
      [
        'derived date sent by the client',
        () =>
          record(
            'bad-7',
            countermeasuresFact({ occurred: { edtf: '2024', earliest: '1999-01-01' } }),
          ),
        400,
        'VALIDATION_FAILED',
        'data.occurred.earliest',
      ],
      [
        'unknown entity',
        () =>
          record(
            'bad-8',
            countermeasuresFact({
              actors: [
                { entityId: 'ent:org:nobody', role: 'authority' },
                { entityId: 'ent:org:ghost', role: 'x' },
              ],
            }),
          ),
        422,
        'UNKNOWN_ENTITIES',
        'data.actors[0].entityId',
      ],
      [
        'unknown fact type',
        () =>
          t.request('POST', '/items', {
            body: { type: 'Gossip', itemId: 'bad-9', data: countermeasuresFact() },
          }),
        400,
        'VALIDATION_FAILED',
        'type',
      ],
      [
        'extra envelope field',
        () =>
          t.request('POST', '/items', {
            body: {
              type: 'SanctionImposed',
              itemId: 'bad-10',
              data: countermeasuresFact(),
              version: 3,
            },
          }),
        400,
        'VALIDATION_FAILED',
        'version',
      ],
      ['bad itemId', () => record('Bad Id!'), 400, 'VALIDATION_FAILED', 'itemId'],
      [
        'malformed JSON',
        () =>
          t.request('POST', '/items', {
            rawBody: '{"type":',
            headers: { 'content-type': 'application/json' },
          }),
        400,
        'MALFORMED_JSON',
      ],
      [
        'wrong content type',
        () =>
          t.request('POST', '/items', {
            rawBody: 'type=SanctionImposed',
            headers: { 'content-type': 'text/plain' },
          }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'oversize body',
        () => record('bad-11', countermeasuresFact({ summary: 'x'.repeat(300_000) })),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'array body',
        () => t.request('POST', '/items', { body: [1, 2] }),
        400,
        'VALIDATION_FAILED',
        'body',
      ],
    ];

    // A rest parameter keeps the callback's arity at 0, so Jest never mistakes a column for `done`.
    it.each(cases)('%s', async (...row) => {
      const [, send, status, code, field] = row;
      const before = await head();
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      if (field)
        expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await head()).toBe(before);
    });

    it('names the envelope and the fact problems of one body in one answer, by one path convention', async () => {
      const before = await head();
      const response = await t.request('POST', '/items', {
        body: {
          type: 'SanctionImposed',
          itemId: 'bad-both',
          colour: 'red',
          data: countermeasuresFact({ headline: undefined, mood: 'angry' }),
        },
      });
      expect(response.status).toBe(400);
      expect(response.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
        'colour',
        'data.headline',
        'data.mood',
      ]);
      expect(await head()).toBe(before);
    });

    it('lists every unknown entity id', async () => {
      const response = await record(
        'bad-12',
        countermeasuresFact({
          actors: [
            { entityId: 'ent:org:nobody', role: 'authority' },
            { entityId: 'ent:org:ghost', role: 'x' },
          ],
        }),
      );
      expect(response.body.unknownEntityIds).toEqual(['ent:org:nobody', 'ent:org:ghost']);
      // One entry per place that names one, by its path in the body.
      expect(response.body.fields).toEqual([
        { field: 'data.actors[0].entityId', message: 'unknown entity ent:org:nobody' },
        { field: 'data.actors[1].entityId', message: 'unknown entity ent:org:ghost' },
      ]);
    });

    it('names each place an unknown entity appears, type-specific fields included', async () => {
      const response = await record(
        'bad-13',
        countermeasuresFact({
          authority: { entityId: 'ent:org:nobody', role: 'authority' },
          actors: [{ entityId: 'ent:org:nobody', role: 'authority' }],
        }),
      );
      expect(response.status).toBe(422);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toEqual([
        'data.actors[0].entityId',
        'data.authority.entityId',
      ]);
    });
  });
});
