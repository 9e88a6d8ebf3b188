import type { ItemDoc } from '../../../src/read-model/item-doc';

/**
 * ItemDocs shaped like the read model serves them, built from the seed story's occurrences so the
 * renderers are tested on the precisions they will really meet: a day, a quarter, a year, a
 * range of years, a day range, and both kinds of open end.
 */
export function itemDoc(
  itemId: string,
  occurred: {
    edtf: string;
    asStated?: string;
    earliest: string | null;
    latest: string | null;
    precision: string;
  },
  overrides: Partial<ItemDoc> & { fact?: Record<string, unknown> } = {},
): ItemDoc {
  const { fact, ...rest } = overrides;
  return {
    itemId,
    type: 'LegalInstrumentIssued',
    status: 'live',
    retraction: null,
    version: 1,
    firstRecordedAt: '2024-04-13T09:00:00.000Z',
    lastRecordedAt: '2024-04-13T09:00:00.000Z',
    firstPosition: '1',
    lastPosition: '1',
    earliest: occurred.earliest,
    latest: occurred.latest,
    confidence: 'official-record',
    entities: [
      { entityId: 'ent:country:US', role: 'issuer', side: 'actor' },
      { entityId: 'ent:country:RU', role: 'target', side: 'target', nameAsCited: 'Russia' },
    ],
    countries: ['US', 'RU'],
    topics: ['russia-sanctions', 'secondary-sanctions'],
    fact: {
      headline: `Headline of ${itemId}`,
      summary: `Summary of ${itemId}.`,
      occurred,
      sources: [
        {
          title: 'Executive Order 14114',
          publisher: 'Federal Register',
          kind: 'primary-official',
          url: 'https://www.federalregister.gov/d/2023-28662',
          publishedOn: '2023-12-26',
        },
        {
          title: 'Treasury press release',
          publisher: 'U.S. Treasury',
          kind: 'primary-official',
          url: 'https://home.treasury.gov/news/press-releases/jy2000',
          publishedOn: '2023-12-22',
        },
      ],
      ...fact,
    },
    ...rest,
  };
}

export const DAY = itemDoc('eo-14114', {
  edtf: '2023-12-22',
  asStated: 'December 22, 2023',
  earliest: '2023-12-22',
  latest: '2023-12-22',
  precision: 'day',
});
export const QUARTER = itemDoc('machine-tools-q4', {
  edtf: '2023-36',
  asStated: 'in the last quarter of 2023',
  earliest: '2023-10-01',
  latest: '2023-12-31',
  precision: 'quarter',
});
export const YEAR = itemDoc('microelectronics-2023', {
  edtf: '2023',
  earliest: '2023-01-01',
  latest: '2023-12-31',
  precision: 'year',
});
export const YEARS = itemDoc('semiconductors-2021-2022', {
  edtf: '2021/2022',
  earliest: '2021-01-01',
  latest: '2022-12-31',
  precision: 'interval',
});
export const DAY_RANGE = itemDoc('blinken-trip', {
  edtf: '2024-04-24/2024-04-26',
  asStated: 'April 24-26',
  earliest: '2024-04-24',
  latest: '2024-04-26',
  precision: 'interval',
});
export const OPEN_END = itemDoc('ongoing-support', {
  edtf: '2024-04-12/',
  earliest: '2024-04-12',
  latest: null,
  precision: 'interval',
});
export const OPEN_START = itemDoc('support-until', {
  edtf: '/2024-04-12',
  earliest: null,
  latest: '2024-04-12',
  precision: 'interval',
});
export const RETRACTED = itemDoc(
  'xi-lavrov-duplicate',
  { edtf: '2024-04-09', earliest: '2024-04-09', latest: '2024-04-09', precision: 'day' },
  {
    status: 'retracted',
    version: 2,
    lastRecordedAt: '2024-04-14T10:30:00.000Z',
    retraction: { kind: 'duplicate', reason: 'recorded twice', duplicateOf: 'xi-lavrov' },
  },
);

export const ENTITY_NAMES = new Map([['ent:country:US', 'United States']]);
