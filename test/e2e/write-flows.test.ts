import { loadSeedCommands } from '../../events/seed';
import { postSeedCommand as post } from '../support/seed-over-http';
import { countermeasuresFact } from '../support/fixtures';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';

describe('write flows over HTTP with the seed story', () => {
  let t: TestApp;
  const versions = new Map<string, number>();

  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const command of loadSeedCommands()) {
      const itemId = 'itemId' in command ? command.itemId : undefined;
      const ifMatch =
        itemId && command.kind !== 'record-item' ? `"${versions.get(itemId)}"` : undefined;
      const response = await post(t, command, ifMatch);
      expect([response.status, response.body?.code]).toEqual([
        command.kind === 'register-entity' || command.kind === 'record-item' ? 201 : 200,
        undefined,
      ]);
      if (itemId) versions.set(itemId, response.body.version);
    }
  });
  afterAll(() => t.close());

  it('stores every fact type as sent, with derived dates and the key principal as recordedBy', async () => {
    const recorded = loadSeedCommands().filter((c) => c.kind === 'record-item');
    for (const command of recorded) {
      const [first] = await t.store.readStream(`item-${command.itemId}`);
      expect(first.type).toBe(command.type);
      const { occurred, ...rest } = first.data as { occurred: Record<string, unknown> };
      expect(rest).toEqual(
        Object.fromEntries(Object.entries(command.data).filter(([k]) => k !== 'occurred')),
      );
      expect(occurred).toMatchObject({ ...command.data.occurred, precision: expect.any(String) });
      expect(first.metadata.recordedBy).toBe(TEST_ADMIN.name);
    }
    expect(new Set(recorded.map((c) => c.type)).size).toBe(8);
  });

  it('records a SanctionLifted (the one fact type the seed story lacks)', async () => {
    const { sanctionedParties, measures: _m, ...common } = countermeasuresFact();
    const data = {
      ...common,
      headline: 'Countermeasures lifted (hypothetical)',
      delistedParties: sanctionedParties,
    };
    const response = await t.request('POST', '/items', {
      body: { type: 'SanctionLifted', itemId: 'lifted', data },
    });
    expect(response.status).toBe(201);
  });

  it('the Blinken trip went from expected to occurred by a correction', async () => {
    const events = await t.store.readStream('item-blinken-china-trip-2024-04');
    expect(events.map((e) => e.type)).toEqual(['DiplomaticEngagementReported', 'ItemCorrected']);
    expect(events[0].data).toMatchObject({ engagement: { status: 'expected' } });
    expect(events[1].data).toMatchObject({
      kind: 'update',
      fact: { engagement: { status: 'occurred' } },
    });
  });

  it('replaying the whole seed with the same Idempotency-Keys appends nothing and answers the same', async () => {
    const before = await t.store.headPosition();
    for (const command of loadSeedCommands()) {
      const itemId = 'itemId' in command ? command.itemId : undefined;
      const response = await post(t, command, itemId ? `"${versions.get(itemId)}"` : undefined);
      expect(response.status).toBeLessThan(300);
    }
    expect(await t.store.headPosition()).toBe(before);
  });

  describe('corrections and retractions', () => {
    const correction = {
      kind: 'correction',
      reason: 'Typo in the headline',
      patch: [{ op: 'replace', path: '/headline', value: 'China sanctions two US defense firms' }],
    };

    beforeAll(async () => {
      const response = await t.request('POST', '/items', {
        body: { type: 'SanctionImposed', itemId: 'to-correct', data: countermeasuresFact() },
      });
      expect(response.status).toBe(201);
    });

    it('requires If-Match (428) and refuses a stale one (412, with the current version)', async () => {
      const before = await t.store.headPosition();
      const missing = await t.request('POST', '/items/to-correct/corrections', {
        body: correction,
      });
      expect([missing.status, missing.body.code]).toEqual([428, 'PRECONDITION_REQUIRED']);
      const stale = await t.request('POST', '/items/to-correct/corrections', {
        body: correction,
        headers: { 'if-match': '"7"' },
      });
      expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([
        412,
        'VERSION_MISMATCH',
        1,
      ]);
      expect(await t.store.headPosition()).toBe(before);
    });

    it('refuses patches that touch derived dates, do not apply, or make the fact invalid', async () => {
      const before = await t.store.headPosition();
      const send = (patch: unknown[]) =>
        t.request('POST', '/items/to-correct/corrections', {
          body: { ...correction, patch },
          headers: { 'if-match': '"1"' },
        });
      const derived = await send([
        { op: 'replace', path: '/occurred/earliest', value: '1990-01-01' },
      ]);
      expect(derived.status).toBe(422);
      expect(derived.body.code).toBe('INVALID_PATCH');
      const missingPath = await send([{ op: 'remove', path: '/nope' }]);
      expect([missingPath.status, missingPath.body.code]).toEqual([422, 'INVALID_PATCH']);
      const invalid = await send([{ op: 'replace', path: '/sources', value: [] }]);
      expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(invalid.body.fields.map((f: { field: string }) => f.field)).toContain('data.sources');
      const badEdtf = await send([{ op: 'replace', path: '/occurred/edtf', value: 'last spring' }]);
      expect(badEdtf.body.fields.map((f: { field: string }) => f.field)).toContain(
        'data.occurred.edtf',
      );
      expect(await t.store.headPosition()).toBe(before);
    });

    it('applies a correction and recomputes the derived dates', async () => {
      const response = await t.request('POST', '/items/to-correct/corrections', {
        body: {
          ...correction,
          patch: [...correction.patch, { op: 'replace', path: '/occurred/edtf', value: '2024-04' }],
        },
        headers: { 'if-match': '"1"' },
      });
      expect([response.status, response.headers.get('etag')]).toEqual([200, '"2"']);
      const [, corrected] = await t.store.readStream('item-to-correct');
      expect(corrected.data).toMatchObject({
        fact: {
          headline: correction.patch[0].value,
          occurred: { earliest: '2024-04-01', latest: '2024-04-30', precision: 'month' },
        },
      });
    });

    it('20 simultaneous corrections with the same If-Match: exactly one succeeds, the rest get 412', async () => {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.request('POST', '/items/to-correct/corrections', {
            body: {
              ...correction,
              patch: [{ op: 'replace', path: '/summary', value: `Concurrent summary ${i}` }],
            },
            headers: { 'if-match': '"2"' },
          }),
        ),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 412)).toHaveLength(19);
      expect(await t.store.readStream('item-to-correct')).toHaveLength(3);
    });

    it('a retraction needs a valid kind, names its duplicate, and then the item accepts nothing more (409)', async () => {
      const badKind = await t.request('POST', '/items/to-correct/retraction', {
        body: { kind: 'oops', reason: 'x' },
        headers: { 'if-match': '"3"' },
      });
      expect([badKind.status, badKind.body.fields?.[0]?.field]).toEqual([400, 'kind']);
      const unknownDuplicate = await t.request('POST', '/items/to-correct/retraction', {
        body: { kind: 'duplicate', reason: 'same thing', duplicateOf: 'no-such-item' },
        headers: { 'if-match': '"3"' },
      });
      expect([
        unknownDuplicate.status,
        unknownDuplicate.body.code,
        unknownDuplicate.body.fields?.[0]?.field,
      ]).toEqual([422, 'UNKNOWN_ITEM', 'duplicateOf']);
      const ok = await t.request('POST', '/items/to-correct/retraction', {
        body: { kind: 'erroneous', reason: 'Never happened' },
        headers: { 'if-match': '"3"' },
      });
      expect(ok.status).toBe(200);
      const after = await t.request('POST', '/items/to-correct/corrections', {
        body: correction,
        headers: { 'if-match': '"4"' },
      });
      expect([after.status, after.body.code]).toEqual([409, 'ITEM_RETRACTED']);
    });

    it('corrections of an unknown item are 404', async () => {
      const response = await t.request('POST', '/items/nope/corrections', {
        body: correction,
        headers: { 'if-match': '"1"' },
      });
      expect([response.status, response.body.code]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('Idempotency-Key', () => {
    const body = { type: 'SanctionImposed', itemId: 'idem', data: countermeasuresFact() };

    it('20 simultaneous identical POSTs with one key store one event and all answer alike', async () => {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.request('POST', '/items', { body, headers: { 'idempotency-key': 'k-1' } }),
        ),
      );
      expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
      expect(new Set(responses.map((r) => r.body.eventId)).size).toBe(1);
      expect(await t.store.readStream('item-idem')).toHaveLength(1);
    });

    it('the same key with a different body is 422 and writes nothing', async () => {
      const before = await t.store.headPosition();
      const response = await t.request('POST', '/items', {
        body: { ...body, itemId: 'idem-2' },
        headers: { 'idempotency-key': 'k-1' },
      });
      expect([response.status, response.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(await t.store.headPosition()).toBe(before);
    });

    it('a refused request does not burn its key', async () => {
      const bad = await t.request('POST', '/items', {
        body: { ...body, itemId: 'idem-3', data: {} },
        headers: { 'idempotency-key': 'k-2' },
      });
      expect(bad.status).toBe(400);
      const good = await t.request('POST', '/items', {
        body: { ...body, itemId: 'idem-3' },
        headers: { 'idempotency-key': 'k-2' },
      });
      expect(good.status).toBe(201);
    });

    it.each([
      ['a space', 'key with space'],
      ['a non-ASCII character', 'clé'],
      ['more than 200 characters', 'k'.repeat(201)],
    ])('a key with %s is a 400 that says which keys are accepted', async (_case, key) => {
      const before = await t.store.headPosition();
      const response = await t.request('POST', '/items', {
        body: { ...body, itemId: 'idem-4' },
        headers: { 'idempotency-key': key },
      });
      expect(response.status).toBe(400);
      expect(response.body.fields).toEqual([
        {
          field: 'Idempotency-Key',
          message:
            'must be 1-200 visible ASCII characters (letters, digits and punctuation; no spaces)',
        },
      ]);
      expect(await t.store.headPosition()).toBe(before);
    });
  });
});
