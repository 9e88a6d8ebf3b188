import { renderCsv } from '../../../src/exports/csv.renderer';
import { renderIcal } from '../../../src/exports/ical.renderer';
import type { ExportFormat } from '../../../src/exports/negotiation';
import { renderNdjson } from '../../../src/exports/ndjson.renderer';
import { TimelineExporter } from '../../../src/exports/timeline-exporter';
import { renderTimelineJs } from '../../../src/exports/timelinejs.renderer';
import { ApiError } from '../../../src/http/error-catalogue';
import type { ItemDoc } from '../../../src/read-model/item-doc';
import type { RawQuery } from '../../../src/read-model/query-params';
import type { ReadQueries, TimelineResponse } from '../../../src/read-model/read-queries';
import {
  DAY,
  DAY_RANGE,
  ENTITY_NAMES,
  itemDoc,
  OPEN_END,
  OPEN_START,
  QUARTER,
  RETRACTED,
  YEAR,
  YEARS,
} from './item-fixtures';

/** Long, non-ASCII text, so the iCalendar pieces must carry folded lines across the splice. */
const LONG = itemDoc('long-lines', DAY.fact.occurred as never, {
  fact: { headline: `Sanktionen – ${'ü'.repeat(60)}`, summary: '“Zitat” '.repeat(40) },
});
const ITEMS = [DAY, QUARTER, YEAR, YEARS, DAY_RANGE, LONG, OPEN_END, OPEN_START, RETRACTED];

/** A read side serving `items` `query.limit` per page at position 42, counting entity lookups. */
function fakeQueries(items: readonly ItemDoc[], failOnCursor?: string) {
  const asked: RawQuery[] = [];
  const lookups: string[] = [];
  const queries = {
    async timeline(query: RawQuery): Promise<TimelineResponse> {
      asked.push(query);
      if (query.cursor !== undefined && query.cursor === failOnCursor) throw new Error('disk gone');
      const start = query.cursor === undefined ? 0 : Number(query.cursor);
      const end = start + Number(query.limit);
      const next = end < items.length ? String(end) : null;
      return { items: items.slice(start, end), nextCursor: next, position: '42' };
    },
    entity(id: string) {
      lookups.push(id);
      const name = ENTITY_NAMES.get(id);
      if (name === undefined) throw new ApiError('NOT_FOUND', `no entity ${id}`);
      return { entityId: id, name };
    },
  };
  return {
    exporter: new TimelineExporter(queries as unknown as ReadQueries, {
      icalUidDomain: 'policy-timeline',
    }),
    asked,
    lookups,
  };
}

async function chunksOf(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

/** What exports rendered before they streamed: one renderer call over every item at once. */
const TITLE = { title: 'Policy Timeline', subtitle: 'As recorded at log position 42' };
const WHOLE: Readonly<Record<ExportFormat, (items: readonly ItemDoc[]) => string>> = {
  csv: (items) => renderCsv(items, ENTITY_NAMES),
  ndjson: (items) => renderNdjson(items),
  timelinejs: (items) => renderTimelineJs(items, { headline: TITLE.title, text: TITLE.subtitle }),
  ics: (items) => renderIcal(items, { name: TITLE.title, description: TITLE.subtitle }),
};
const FORMATS = Object.keys(WHOLE) as ExportFormat[];

describe('streamed exports', () => {
  it.each(FORMATS)('%s: the pages join to the whole-document rendering', async (format) => {
    for (const pageSize of [1, 2, 4, ITEMS.length]) {
      const { exporter } = fakeQueries(ITEMS);
      const file = await exporter.open(format, {}, undefined, { pageSize });
      expect([pageSize, (await chunksOf(file.chunks)).join('')]).toEqual([
        pageSize,
        WHOLE[format](ITEMS),
      ]);
      expect(file.itemCount()).toBe(ITEMS.length);
    }
  });

  it.each(FORMATS)('%s: an empty export is the empty document', async (format) => {
    const file = await fakeQueries([]).exporter.open(format, {}, undefined, { pageSize: 2 });
    expect((await chunksOf(file.chunks)).join('')).toBe(WHOLE[format]([]));
    expect(file.itemCount()).toBe(0);
  });

  it('yields a chunk per page, reading each page only when the chunk before it was taken', async () => {
    const { exporter, asked } = fakeQueries(ITEMS);
    const file = await exporter.open('ndjson', {}, undefined, { pageSize: 4 });
    expect(asked).toHaveLength(1);
    const seen: number[] = [];
    for await (const chunk of file.chunks) {
      seen.push(chunk.split('\n').length - 1);
      expect(asked).toHaveLength(seen.length);
    }
    expect(seen).toEqual([4, 4, 1]);
  });

  it('looks each cited entity up once per export, not once per page', async () => {
    const { exporter, lookups } = fakeQueries(ITEMS);
    const file = await exporter.open('csv', {}, undefined, { pageSize: 1 });
    await chunksOf(file.chunks);
    expect(lookups.sort()).toEqual(['ent:country:RU', 'ent:country:US']);
  });

  it('rejects from the chunks, after the chunks already sent, when a later page fails', async () => {
    const { exporter } = fakeQueries(ITEMS, '2');
    const file = await exporter.open('csv', {}, undefined, { pageSize: 2 });
    const sent: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of file.chunks) sent.push(chunk);
      })(),
    ).rejects.toThrow('disk gone');
    expect(sent).toHaveLength(2); // the header row, then the first page's rows
  });
});
