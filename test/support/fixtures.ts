/** Small, valid inputs for tests and benchmarks (the seed story has the full set). */

export const ENTITY_FIXTURES = [
  {
    entityId: 'ent:country:CN',
    kind: 'country',
    name: "People's Republic of China",
    aliases: ['China', 'PRC'],
    countryCodes: ['CN'],
  },
  {
    entityId: 'ent:country:US',
    kind: 'country',
    name: 'United States of America',
    aliases: ['United States', 'US'],
    countryCodes: ['US'],
  },
  {
    entityId: 'ent:org:cn-mfa',
    kind: 'public-body',
    name: 'Ministry of Foreign Affairs of the PRC',
    aliases: ['MFA'],
    countryCodes: ['CN'],
  },
  {
    entityId: 'ent:company:ga-asi',
    kind: 'company',
    name: 'General Atomics Aeronautical Systems, Inc.',
    aliases: ['GA-ASI'],
    countryCodes: ['US'],
  },
  {
    entityId: 'ent:company:gdls',
    kind: 'company',
    name: 'General Dynamics Land Systems',
    aliases: ['GDLS'],
    countryCodes: ['US'],
  },
] as const;

/** China's MFA countermeasures of 2024-04-11, as a SanctionImposed fact input (~1 KB). */
export function countermeasuresFact(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    headline:
      'China sanctions General Atomics Aeronautical Systems and General Dynamics Land Systems',
    summary:
      "China's Ministry of Foreign Affairs announced countermeasures against two US defense companies over arms sales to Taiwan: their assets in China are frozen and their senior management are barred from entering China.",
    occurred: { edtf: '2024-04-11', asStated: 'April 11, 2024' },
    actors: [{ entityId: 'ent:org:cn-mfa', role: 'authority' }],
    targets: [
      {
        entityId: 'ent:company:ga-asi',
        role: 'target',
        nameAsCited: 'General Atomics Aeronautical Systems',
      },
      {
        entityId: 'ent:company:gdls',
        role: 'target',
        nameAsCited: 'General Dynamics Land Systems',
      },
    ],
    countries: ['CN', 'US'],
    topics: ['counter-sanctions', 'taiwan-arms-sales'],
    confidence: 'official-record',
    jurisdiction: 'CN',
    sources: [
      {
        title:
          'Decision on Taking Countermeasures Against General Atomics Aeronautical Systems and General Dynamics Land Systems',
        publisher: 'Ministry of Foreign Affairs of the PRC',
        kind: 'primary-official',
        url: 'https://www.mfa.gov.cn/eng/',
        publishedOn: '2024-04-11',
        officialIdentifier: 'MFA Decree No. 5 (2024)',
      },
    ],
    authority: { entityId: 'ent:org:cn-mfa', role: 'authority' },
    sanctionedParties: [
      { entityId: 'ent:company:ga-asi', role: 'target' },
      { entityId: 'ent:company:gdls', role: 'target' },
    ],
    measures: [
      { kind: 'asset-freeze', scope: 'movable and immovable property within China' },
      { kind: 'entry-ban', scope: 'senior management denied visas or entry' },
    ],
    ...overrides,
  };
}
