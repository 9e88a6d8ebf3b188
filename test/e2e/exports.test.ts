import { createHash } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'csv-parse/sync';
import ical, { type VEvent } from 'node-ical';
import { seedOverHttp, type SeededStory } from '../support/seed-over-http';
import { startTestApp, type TestApp } from '../support/test-app';
import { TIMELINEJS_SCHEMA } from '../unit/exports/timelinejs.schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON under test
type Json = any;

/** A reader-only key next to the test admin (who has every role, auditor included). */
const READER_KEY = 'pt-test-exports-reader-0123456789';
const READER = { authorization: `Bearer ${READER_KEY}` };
const READER_ENV = {
  API_KEYS: `exports-reader:reader:${createHash('sha256').update(READER_KEY).digest('hex')}`,
};

const validateTimelineJs = new Ajv2020({ strict: true }).compile(TIMELINEJS_SCHEMA);
const csvRows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('timeline exports over HTTP (seed story)', () => {
  let t: TestApp;
  let story: SeededStory;
  let head: bigint;

  beforeAll(async () => {
    t = await startTestApp(READER_ENV, { asAdmin: true });
    story = await seedOverHttp(t);
    head = await t.store.headPosition();
  });
  afterAll(() => t.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.request('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${head}`, { headers });

  /** Every item of the JSON timeline, walked page by page with a small page size. */
  async function jsonItems(path: string, query = ''): Promise<Json[]> {
    const items: Json[] = [];
    let cursor = '';
    do {
      const page = await get(`${path}?limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor ?? '';
    } while (cursor !== '');
    return items;
  }

  it('CSV: every matching item as one RFC 4180 row, downloaded as an attachment', async () => {
    const expected = await jsonItems('/timeline');
    expect(expected.length).toBeGreaterThan(8);
    const res = await get('/timeline?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="timeline-at-${head}.csv"`,
    );
    expect(res.headers.get('vary')).toContain('Accept');
    const rows = csvRows(res.text);
    expect(rows.map((r) => r.itemId)).toEqual(expected.map((i) => i.itemId));
    const eo = rows.find((r) => r.itemId === 'eo-14114')!;
    expect(eo.occurred).toBe('December 22, 2023');
    expect(eo.entities).toContain('(issuer, actor)');
    expect(eo.sources).toContain('Federal Register — ');
  });

  it('NDJSON by Accept: the same JSON items, one per line', async () => {
    const expected = await jsonItems('/timeline', 'country=CN');
    const res = await get('/timeline?country=CN', { accept: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.text.split('\n').filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
  });

  it('TimelineJS: a loadable document whose events are the timeline items', async () => {
    const expected = await jsonItems('/timeline');
    const res = await get('/timeline?format=timelinejs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('.timelinejs.json"');
    expect(validateTimelineJs(res.body)).toBe(true);
    expect(res.body.events.map((e: Json) => e.unique_id)).toEqual(expected.map((i) => i.itemId));
    const share = res.body.events.find((e: Json) => e.display_date === 'Q4 2023');
    expect(share.start_date).toEqual({ year: 2023, month: 10 });
  });

  it('iCalendar: all-day events, the retracted duplicate CANCELLED when retracted items are asked for', async () => {
    const expected = await jsonItems('/timeline', 'includeRetracted=true');
    const res = await get('/timeline?includeRetracted=true', { accept: 'text/calendar' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const events = Object.values(ical.sync.parseICS(res.text)).filter(
      (c): c is VEvent => c?.type === 'VEVENT',
    );
    expect(events.map((e) => e.uid)).toEqual(expected.map((i) => `${i.itemId}@policy-timeline`));
    const duplicate = events.find((e) => e.uid === 'xi-lavrov-dup-tribune@policy-timeline')!;
    expect(duplicate.status).toBe('CANCELLED');
    expect(events.filter((e) => e.status === 'CANCELLED')).toHaveLength(1);
    const eo = events.find((e) => e.uid === 'eo-14114@policy-timeline')!;
    expect(eo.datetype).toBe('date');
    expect(eo.end!.getTime() - eo.start.getTime()).toBe(86_400_000);
  });

  it('honours asOf: the export is the timeline as it stood then', async () => {
    const before = `position:${story.positions.get('seed:retract:xi-lavrov-dup-tribune')! - 1n}`;
    const expected = await jsonItems('/timeline', `asOf=${before}`);
    expect(expected.map((i) => i.itemId)).toContain('xi-lavrov-dup-tribune');
    const res = await get(`/timeline?format=ndjson&asOf=${before}`);
    expect(res.headers.get('content-disposition')).toContain(`-at-${before.slice(9)}.ndjson"`);
    const lines = res.text.split('\n').filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);
  });

  it("exports an entity's timeline with the same negotiation", async () => {
    const expected = await jsonItems('/entities/ent:country:CN/timeline');
    const res = await get('/entities/ent:country:CN/timeline', { accept: 'text/csv' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="timeline-ent-country-CN-at-${head}.csv"`,
    );
    expect(csvRows(res.text).map((r) => r.itemId)).toEqual(expected.map((i) => i.itemId));
  });

  it('refuses an unknown format (400 naming format), an unmatched Accept (406) and paging parameters', async () => {
    const unknown = await get('/timeline?format=xlsx');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.body.fields).toEqual([{ field: 'format', message: expect.any(String) }]);
    const unacceptable = await get('/timeline', { accept: 'image/png' });
    expect([unacceptable.status, unacceptable.body.code]).toEqual([406, 'NOT_ACCEPTABLE']);
    const paged = await get('/timeline?format=csv&limit=10');
    expect([paged.status, paged.body.fields?.[0]?.field]).toEqual([400, 'limit']);
  });

  it('needs the auditor role whether asked by format= or by Accept', async () => {
    expect((await get('/timeline', { ...READER, accept: 'application/json' })).status).toBe(200);
    expect((await get('/timeline?format=ics', READER)).status).toBe(403);
    expect((await get('/timeline', { ...READER, accept: 'text/*' })).status).toBe(403);
    const vendor = { ...READER, accept: 'application/vnd.timelinejs+json' };
    expect((await get('/entities/ent:country:CN/timeline', vendor)).status).toBe(403);
  });
});
