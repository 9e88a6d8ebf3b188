import { correction, fact, ReadSideApp } from './read-side.fixture';

/** The jurisdiction filter end to end: whose law a fact is made under, as a sanctions desk asks. */
const US = 'ent:country:US';
const RU = 'ent:country:RU';

describe('GET /timeline?jurisdiction=', () => {
  let t: ReadSideApp;
  const under = (headline: string, jurisdiction: string | undefined, day: string) => ({
    ...fact({ headline, days: [day, day], actors: [US], targets: [RU], countries: ['US', 'RU'] }),
    ...(jurisdiction ? { jurisdiction } : {}),
  });
  const ids = async (path: string) => {
    const answer = await t.get(path);
    expect({ path, status: answer.status }).toEqual({ path, status: 200 });
    return (answer.body.items as { itemId: string }[]).map((item) => item.itemId);
  };

  beforeAll(async () => {
    t = await ReadSideApp.start();
    await t.registerEntity(US, 'United States');
    await t.registerEntity(RU, 'Russia');
    await t.append('item-ofac', 'SanctionImposed', under('OFAC designates', 'US', '2024-02-23'));
    await t.append('item-eu-13', 'SanctionImposed', under('EU 13th package', 'EU', '2024-02-23'));
    await t.append('item-un', 'SanctionImposed', under('UN panel report', 'UN', '2024-03-01'));
    await t.append('item-none', 'SanctionImposed', under('Banks warned', undefined, '2024-03-02'));
  });
  afterAll(() => t.stop());

  it('matches the items made under that jurisdiction, any of a comma list', async () => {
    expect(await ids('/timeline?jurisdiction=EU')).toEqual(['eu-13']);
    expect(await ids('/timeline?jurisdiction=us')).toEqual(['ofac']);
    expect(await ids('/timeline?jurisdiction=US,EU')).toEqual(['eu-13', 'ofac']);
    expect(await ids('/timeline?jurisdiction=US&jurisdiction=EU')).toEqual([]);
  });

  it('combines with the other filters, full text included', async () => {
    expect(await ids('/timeline?jurisdiction=US,EU,UN&from=2024-03')).toEqual(['un']);
    expect(await ids('/timeline?jurisdiction=EU&q=package')).toEqual(['eu-13']);
    expect(await ids('/timeline?jurisdiction=EU&q=designates')).toEqual([]);
    expect(await ids('/timeline?jurisdiction=US&entity=Russia')).toEqual(['ofac']);
  });

  it('follows a correction of the jurisdiction, and answers as of before it', async () => {
    const corrected = await t.append(
      'item-un',
      'ItemCorrected',
      correction(under('UN panel report', 'EU', '2024-03-01'), 'SanctionImposed', 'correction'),
    );
    expect(await ids('/timeline?jurisdiction=EU')).toEqual(['eu-13', 'un']);
    expect(await ids(`/timeline?jurisdiction=EU&asOf=position:${corrected - 1n}`)).toEqual([
      'eu-13',
    ]);
  });

  it('refuses a value no fact can carry, naming the parameter', async () => {
    const answer = await t.get('/timeline?jurisdiction=XX');
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('jurisdiction');
    expect(JSON.stringify(answer.body)).toContain('EU or UN');
  });
});
