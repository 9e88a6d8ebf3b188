import { ApiError } from '../../../src/http/error-catalogue';
import { TimelineExporter, type ExportOptions } from '../../../src/exports/timeline-exporter';
import type { ExportFormat } from '../../../src/exports/negotiation';
import type { RawQuery } from '../../../src/read-model/query-params';
import type { ReadQueries, TimelineResponse } from '../../../src/read-model/read-queries';
import { DAY, DAY_RANGE, ENTITY_NAMES, OPEN_END, QUARTER, YEAR } from './item-fixtures';

/** A read side with five items served two per page, recording what each page asked for. */
function fakeQueries() {
  const items = [DAY, QUARTER, YEAR, DAY_RANGE, OPEN_END];
  const asked: RawQuery[] = [];
  const queries = {
    async timeline(query: RawQuery): Promise<TimelineResponse> {
      asked.push(query);
      const start = query.cursor === undefined ? 0 : Number(query.cursor);
      const next = start + 2 < items.length ? String(start + 2) : null;
      return { items: items.slice(start, start + 2), nextCursor: next, position: '42' };
    },
    entity(id: string) {
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
    items,
  };
}

/** The whole export as one string, with what open() reports once its chunks are read. */
async function exportWhole(
  exporter: TimelineExporter,
  format: ExportFormat,
  query: RawQuery,
  entityId?: string,
  options: ExportOptions = {},
) {
  const file = await exporter.open(format, query, entityId, options);
  let body = '';
  for await (const chunk of file.chunks) body += chunk;
  return { body, filename: file.filename, itemCount: file.itemCount(), position: file.position };
}

describe('TimelineExporter', () => {
  it('walks every page, pinning later pages to the first page position', async () => {
    const { exporter, asked, items } = fakeQueries();
    const progress: number[] = [];
    const file = await exportWhole(
      exporter,
      'ndjson',
      { country: 'CN', minPosition: '40' },
      undefined,
      {
        onPage: (n) => progress.push(n),
      },
    );
    expect(file.itemCount).toBe(items.length);
    expect(
      file.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).itemId),
    ).toEqual(items.map((i) => i.itemId));
    expect(progress).toEqual([2, 4, 5]);
    expect(asked[0]).toEqual({ country: 'CN', minPosition: '40', limit: '500' });
    for (const later of asked.slice(1)) {
      expect(later).toMatchObject({ country: 'CN', asOf: 'position:42', minPosition: undefined });
    }
    expect(asked.slice(1).map((q) => q.cursor)).toEqual(['2', '4']);
    expect(file.filename).toBe('timeline-at-42.ndjson');
  });

  it('names the file after the entity and titles the document with its name', async () => {
    const { exporter } = fakeQueries();
    const file = await exportWhole(exporter, 'timelinejs', {}, 'ent:country:US');
    expect(file.filename).toBe('timeline-ent-country-US-at-42.timelinejs.json');
    expect(JSON.parse(file.body).title.text.headline).toBe('Policy Timeline: United States');
  });

  it('refuses paging parameters: an export is always the whole timeline', async () => {
    const { exporter } = fakeQueries();
    for (const name of ['limit', 'cursor']) {
      await expect(exportWhole(exporter, 'csv', { [name]: '2' })).rejects.toMatchObject({
        code: 'INVALID_QUERY_PARAMETER',
        extras: { fields: [{ field: name }] },
      });
    }
  });

  it('writes a byte-order mark before the CSV header for bom=true, and refuses bom elsewhere', async () => {
    const { exporter } = fakeQueries();
    const plain = await exportWhole(exporter, 'csv', {});
    const marked = await exportWhole(exporter, 'csv', { bom: 'true' });
    expect(marked.body).toBe(`\uFEFF${plain.body}`);
    expect((await exportWhole(exporter, 'csv', { bom: 'false' })).body).toBe(plain.body);
    for (const [format, bom] of [
      ['ics', 'true'],
      ['ndjson', 'false'],
      ['csv', '1'],
    ] as const) {
      await expect(exportWhole(exporter, format, { bom })).rejects.toMatchObject({
        code: 'INVALID_QUERY_PARAMETER',
        extras: { fields: [{ field: 'bom' }] },
      });
    }
  });

  it('stops between pages once aborted', async () => {
    const { exporter, asked } = fakeQueries();
    const controller = new AbortController();
    const run = exportWhole(exporter, 'csv', {}, undefined, {
      signal: controller.signal,
      onPage: () => controller.abort(new Error('client disconnected')),
    });
    await expect(run).rejects.toThrow('client disconnected');
    expect(asked).toHaveLength(1);
  });
});
