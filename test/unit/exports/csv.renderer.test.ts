import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, renderCsv, UTF8_BOM } from '../../../src/exports/csv.renderer';
import { DAY, ENTITY_NAMES, itemDoc, OPEN_START, QUARTER, RETRACTED } from './item-fixtures';

/** Parsed strictly: RFC 4180 quoting, CRLF records, every row as wide as the header. */
function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: '\r\n', relax_quotes: false }) as Record<
    string,
    string
  >[];
}

describe('CSV export', () => {
  it('lists an entity cited in two roles once, with both roles', () => {
    const twice = {
      ...DAY,
      entities: [
        { entityId: 'ent:country:US', role: 'issuer', side: 'actor' as const },
        {
          entityId: 'ent:country:RU',
          role: 'target',
          side: 'target' as const,
          nameAsCited: 'Russia',
        },
        { entityId: 'ent:country:US', role: 'participant', side: 'other' as const },
        { entityId: 'ent:country:US', role: 'issuer', side: 'actor' as const },
      ],
    };
    const [row] = parseCsv(renderCsv([twice], ENTITY_NAMES));
    expect(row.entities).toBe(
      'United States (issuer, actor; participant, other); Russia (target, target)',
    );
  });

  it('writes one row per item under a fixed header, with lists joined readably', () => {
    const text = renderCsv([DAY, QUARTER, OPEN_START], ENTITY_NAMES);
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const rows = parseCsv(text);
    expect(rows.map((r) => r.itemId)).toEqual(['eo-14114', 'machine-tools-q4', 'support-until']);
    expect(rows[0]).toMatchObject({
      type: 'LegalInstrumentIssued',
      status: 'live',
      occurred: 'December 22, 2023',
      occurredEdtf: '2023-12-22',
      occurredAsStated: 'December 22, 2023',
      earliest: '2023-12-22',
      latest: '2023-12-22',
      precision: 'day',
      headline: 'Headline of eo-14114',
      // The registered name where known, else the name as cited.
      entities: 'United States (issuer, actor); Russia (target, target)',
      countries: 'US; RU',
      topics: 'russia-sanctions; secondary-sanctions',
      version: '1',
      retraction: '',
    });
    expect(rows[0].sources.split('\n')).toEqual([
      'Federal Register — Executive Order 14114 <https://www.federalregister.gov/d/2023-28662> (2023-12-26)',
      'U.S. Treasury — Treasury press release <https://home.treasury.gov/news/press-releases/jy2000> (2023-12-22)',
    ]);
    expect(rows[1].occurred).toBe('Q4 2023');
    expect(rows[2]).toMatchObject({
      occurred: 'until April 12, 2024',
      earliest: '',
      latest: '2024-04-12',
    });
  });

  it('round-trips embedded quotes, commas and line breaks', () => {
    const tricky = itemDoc('tricky', DAY.fact.occurred as never, {
      fact: { headline: 'He said "no", then left', summary: 'Line one,\r\nline two\nline three' },
    });
    const [row] = parseCsv(renderCsv([tricky], ENTITY_NAMES));
    expect(row.headline).toBe('He said "no", then left');
    expect(row.summary).toBe('Line one,\r\nline two\nline three');
  });

  it('quotes every cell holding a lone LF or CR, so LF-splitting readers keep one record per item', () => {
    const lines = itemDoc('lines', DAY.fact.occurred as never, {
      fact: { headline: 'first\nsecond', summary: 'before\rafter' },
    });
    const text = renderCsv([lines, DAY], ENTITY_NAMES);
    expect(text).toContain(',"first\nsecond","before\rafter",');
    // The two sources of DAY are joined with LF: that cell is quoted too.
    expect(text).toContain(',"Federal Register — Executive Order 14114');
    const rows = parse(text, { record_delimiter: '\n', rtrim: true }) as string[][];
    expect(rows.map((r) => [r[0], r.length])).toEqual([
      ['itemId', CSV_COLUMNS.length],
      ['lines', CSV_COLUMNS.length],
      ['eo-14114', CSV_COLUMNS.length],
    ]);
  });

  it('leaves out C0 control characters other than tab, CR and LF', () => {
    const noisy = itemDoc('noisy', DAY.fact.occurred as never, {
      fact: { headline: 'null\u0000 bell\u0007 escape\u001b delete\u007f tab\tend' },
    });
    const [row] = parseCsv(renderCsv([noisy], ENTITY_NAMES));
    expect(row.headline).toBe('null bell escape delete tab\tend');
  });

  it('starts with a UTF-8 byte-order mark only when asked', () => {
    expect(renderCsv([DAY], ENTITY_NAMES).startsWith('itemId,')).toBe(true);
    const withBom = renderCsv([DAY], ENTITY_NAMES, { bom: true });
    expect(withBom).toBe(UTF8_BOM + renderCsv([DAY], ENTITY_NAMES));
    expect(Buffer.from(withBom, 'utf8').subarray(0, 3).toString('hex')).toBe('efbbbf');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const hostile = itemDoc('hostile', DAY.fact.occurred as never, {
      fact: {
        headline: '=HYPERLINK("https://evil.example","click")',
        summary: '+1+cmd|/C calc!A0',
        sources: [{ title: 'x', publisher: '@SUM(A1)', url: '', publishedOn: '' }],
      },
      topics: ['-2+3', '\tindented'],
    });
    const [row] = parseCsv(renderCsv([hostile], ENTITY_NAMES));
    expect(row.headline).toBe(`'=HYPERLINK("https://evil.example","click")`);
    expect(row.summary).toBe(`'+1+cmd|/C calc!A0`);
    expect(row.sources).toBe(`'@SUM(A1) — x`);
    expect(row.topics).toBe(`'-2+3; \tindented`);
    // Harmless text is left exactly as it was.
    expect(row.itemId).toBe('hostile');
  });

  it('says when and why an item was retracted', () => {
    const [row] = parseCsv(renderCsv([RETRACTED], ENTITY_NAMES));
    expect(row).toMatchObject({
      status: 'retracted',
      version: '2',
      retraction: 'Retracted: recorded twice (duplicate of xi-lavrov)',
    });
  });

  it('writes only the header for an empty timeline', () => {
    expect(parseCsv(renderCsv([], ENTITY_NAMES))).toEqual([]);
  });
});
