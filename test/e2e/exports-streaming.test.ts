import { Logger } from '@nestjs/common';
import { CURRENT_SCHEMA_VERSION } from '../../events';
import { renderCsv } from '../../src/exports/csv.renderer';
import { renderIcal } from '../../src/exports/ical.renderer';
import { renderNdjson } from '../../src/exports/ndjson.renderer';
import { EXPORT_PAGE_SIZE } from '../../src/exports/pinned-pages';
import { renderTimelineJs } from '../../src/exports/timelinejs.renderer';
import type { ItemDoc } from '../../src/read-model/item-doc';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { ReadQueries } from '../../src/read-model/read-queries';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';
import { fact } from './read-side.fixture';

/** More than two export pages, so the last page is a partial one. */
const ITEM_COUNT = 2 * EXPORT_PAGE_SIZE + 234;
const ENTITY = { entityId: 'ent:country:CN', name: "People's Republic of China" };
const AUTH = { authorization: `Bearer ${TEST_ADMIN.key}` };

const dayOf = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);

/** Appends the entity and the items straight through the store, one stream per item. */
async function appendItems(t: TestApp): Promise<bigint> {
  const entity = { ...ENTITY, kind: 'country' };
  await t.store.append(
    `entity-${ENTITY.entityId}`,
    [
      {
        type: 'EntityRegistered',
        schemaVersion: CURRENT_SCHEMA_VERSION.EntityRegistered,
        data: entity,
      },
    ],
    'no-stream',
  );
  const schemaVersion = CURRENT_SCHEMA_VERSION.SanctionThreatened;
  const appends = Array.from({ length: ITEM_COUNT }, (_, n) => {
    // A comma and quotes in every headline, so CSV quoting is exercised on every page.
    const headline = `Bulk item ${n}, "quoted"`;
    const data = fact({ headline, days: [dayOf(n), dayOf(n)], actors: [ENTITY.entityId] });
    const event = { type: 'SanctionThreatened', schemaVersion, data: data as never };
    return t.store.append(`item-bulk-${String(n).padStart(4, '0')}`, [event], 'no-stream');
  });
  const results = await Promise.all(appends);
  return results.reduce((head, r) => (r.position > head ? r.position : head), 0n);
}

describe('streamed exports over HTTP (several pages)', () => {
  let t: TestApp;
  let head: bigint;
  let items: ItemDoc[];

  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    head = await appendItems(t);
    expect(await t.app.get(ReadModelService).waitForPosition(head, 20_000)).toBe(true);
    items = [];
    let cursor = '';
    do {
      const page = await t.request('GET', `/timeline?limit=500${cursor && `&cursor=${cursor}`}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor ?? '';
    } while (cursor !== '');
  }, 60_000);
  afterAll(() => t.close());

  it('NDJSON: every item exactly once, in timeline order, as one whole rendering would write it', async () => {
    expect(items).toHaveLength(ITEM_COUNT);
    const res = await t.request('GET', '/timeline?format=ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="timeline-at-${head}.ndjson"`,
    );
    const ids = res.text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l).itemId);
    expect(new Set(ids).size).toBe(ITEM_COUNT);
    expect(ids).toEqual(items.map((i) => i.itemId));
    expect(res.text).toBe(renderNdjson(items));
  });

  it('CSV, TimelineJS and iCalendar: the same text as one whole rendering of the items', async () => {
    const names = new Map([[ENTITY.entityId, ENTITY.name]]);
    const subtitle = `As recorded at log position ${head}`;
    const whole = {
      csv: renderCsv(items, names),
      timelinejs: renderTimelineJs(items, { headline: 'Policy Timeline', text: subtitle }),
      ics: renderIcal(items, { name: 'Policy Timeline', description: subtitle }),
    };
    for (const [format, expected] of Object.entries(whole)) {
      const res = await t.request('GET', `/timeline?format=${format}`);
      expect([format, res.status, res.text === expected]).toEqual([format, 200, true]);
    }
    expect(whole.csv).toContain(`${ENTITY.name} (actor, actor)`);
  });

  it('answers a bad parameter with its 400 problem+json, not a download', async () => {
    for (const [query, field] of [
      ['cursor=', 'cursor'],
      ['type=NoSuchFact', 'type'],
      ['asOf=soon', 'asOf'],
    ]) {
      const res = await t.request('GET', `/timeline?format=csv&${query}`);
      expect([query, res.status, res.body?.fields?.[0]?.field]).toEqual([query, 400, field]);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('content-disposition')).toBeNull();
    }
  });

  it('cuts the transfer short and logs the error when a page fails after the body started', async () => {
    const queries = t.app.get(ReadQueries);
    const read = queries.timeline.bind(queries);
    const failing = jest.spyOn(queries, 'timeline').mockImplementation(async (query, entityId) => {
      if (query.cursor !== undefined) throw new Error('read model file vanished');
      return read(query, entityId);
    });
    const logged = jest.spyOn(Logger.prototype, 'error');
    try {
      const res = await fetch(`${t.baseUrl}/timeline?format=ndjson`, { headers: AUTH });
      // The headers went out with the first page; the chunked body then ends without its last
      // (empty) chunk, which fetch reports as an error instead of a short, complete-looking file.
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'read model file vanished' }),
      );
    } finally {
      failing.mockRestore();
      logged.mockRestore();
    }
  });
});
