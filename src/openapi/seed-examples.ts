/**
 * Request examples for the OpenAPI document, taken from the seed story
 * (/work/shared/reference/seed-facts-events.json) and reshaped into this API's input: derived
 * occurrence fields removed, only what a client sends. A unit test validates each one against
 * the fact catalogue, so the documentation cannot drift from what the API accepts.
 */
const TREASURY_REMARKS = {
  title:
    "Remarks by Secretary of the Treasury Janet L. Yellen at a Press Conference in Beijing, the People's Republic of China",
  publisher: 'U.S. Department of the Treasury',
  kind: 'primary-official',
  publishedOn: '2024-04-08',
  url: 'https://home.treasury.gov/news/press-releases/jy2241',
  officialIdentifier: 'Treasury press release jy2241',
};

export const YELLEN_WARNING = {
  type: 'SanctionThreatened',
  itemId: 'yellen-warning-2024-04-08',
  data: {
    headline:
      'Yellen warns in Beijing that banks channelling military or dual-use goods to Russia risk U.S. sanctions',
    summary:
      'At a press conference closing her China trip, Treasury Secretary Yellen said banks facilitating significant transactions that channel military or dual-use goods to Russia’s defense industrial base risk U.S. sanctions.',
    occurred: { edtf: '2024-04-08', asStated: 'Monday, April 8, 2024' },
    threatenedBy: [{ entityId: 'ent:person:janet-yellen', role: 'speaker' }],
    addressees: [
      {
        entityId: 'ent:country:CN',
        role: 'target',
        nameAsCited: 'companies, including those in the PRC; any banks',
      },
    ],
    potentialMeasures: ['secondary-sanctions', 'blocking'],
    legalBasisItems: [{ itemId: 'eo-14114' }],
    location: { countryCode: 'CN', cities: ['Beijing'] },
    actors: [{ entityId: 'ent:person:janet-yellen', role: 'actor' }],
    targets: [{ entityId: 'ent:country:CN', role: 'target' }],
    countries: ['US', 'CN', 'RU'],
    topics: ['russia-sanctions', 'secondary-sanctions', 'us-china-relations'],
    confidence: 'official-record',
    jurisdiction: 'US',
    sources: [TREASURY_REMARKS],
  },
};

export const EO_14114 = {
  type: 'LegalInstrumentIssued',
  itemId: 'eo-14114',
  data: {
    headline:
      "Biden signs EO 14114, letting Treasury sanction foreign banks that aid Russia's military-industrial base",
    summary:
      "Executive Order 14114 amends EO 14024: Treasury may restrict correspondent accounts of, or block, foreign financial institutions that facilitate significant transactions involving Russia's military-industrial base.",
    occurred: { edtf: '2023-12-22', asStated: 'December 22, 2023' },
    instrument: {
      instrumentType: 'executive-order',
      title: "Taking Additional Steps With Respect to the Russian Federation's Harmful Activities",
      identifiers: [
        { scheme: 'us-eo', value: '14114' },
        { scheme: 'us-fr-citation', value: '88 FR 89271' },
      ],
      signedOn: '2023-12-22',
      publishedOn: '2023-12-26',
      amends: [{ scheme: 'us-eo', value: '14024' }],
    },
    issuer: { entityId: 'ent:person:joseph-biden', role: 'issuer' },
    actors: [{ entityId: 'ent:person:joseph-biden', role: 'issuer' }],
    targets: [{ entityId: 'ent:country:RU', role: 'target' }],
    countries: ['US', 'RU'],
    topics: ['russia-sanctions', 'secondary-sanctions'],
    confidence: 'official-record',
    jurisdiction: 'US',
    sources: [
      {
        title: 'Executive Order 14114 of December 22, 2023 (Federal Register full text)',
        publisher: 'Federal Register',
        kind: 'primary-official',
        publishedOn: '2023-12-26',
        url: 'https://www.federalregister.gov/documents/2023/12/26/2023-28662/taking-additional-steps-with-respect-to-the-russian-federations-harmful-activities',
        officialIdentifier: 'EO 14114',
      },
    ],
  },
};

export const MFA_COUNTERMEASURES = {
  type: 'SanctionImposed',
  itemId: 'cn-mfa-decree-5-2024',
  data: {
    headline:
      'China imposes countermeasures on General Atomics Aeronautical Systems and General Dynamics Land Systems over Taiwan arms sales',
    summary:
      "China's MFA issued Decree No. 5 under the Anti-Foreign Sanctions Law: it freezes the two companies' property in China and denies their senior management visas and entry.",
    occurred: { edtf: '2024-04-11', asStated: 'on Thursday' },
    authority: { entityId: 'ent:org:cn-mfa', role: 'authority' },
    sanctionedParties: [
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
    measures: [
      {
        kind: 'asset-freeze',
        scope: 'movable and immovable property and other assets within China',
      },
      { kind: 'entry-ban', scope: 'senior management denied visas or entry into China' },
    ],
    effectiveFrom: '2024-04-11',
    reason: 'Participation in U.S. arms sales to Taiwan',
    actors: [{ entityId: 'ent:country:CN', role: 'actor' }],
    targets: [
      { entityId: 'ent:company:ga-asi', role: 'target' },
      { entityId: 'ent:company:gdls', role: 'target' },
    ],
    countries: ['CN', 'US', 'TW'],
    topics: ['taiwan-arms-sales', 'counter-sanctions', 'us-china-relations'],
    confidence: 'official-record',
    jurisdiction: 'CN',
    sources: [
      {
        title:
          'Decision on Taking Countermeasures Against General Atomics Aeronautical Systems and General Dynamics Land Systems',
        publisher: 'Ministry of Foreign Affairs of the PRC',
        kind: 'primary-official',
        publishedOn: '2024-04-11',
        url: 'http://bb.china-embassy.gov.cn/eng/zgyw/202404/t20240411_11280072.htm',
        officialIdentifier: 'MFA Decree No. 5 (2024)',
      },
    ],
  },
};

export const GA_ASI_ENTITY = {
  entityId: 'ent:company:ga-asi',
  kind: 'company',
  name: 'General Atomics Aeronautical Systems',
  aliases: ['GA-ASI'],
  countryCodes: ['US'],
};

export const RECORD_ITEM_EXAMPLES = {
  yellenWarning: { summary: 'Yellen warning (2024-04-08)', value: YELLEN_WARNING },
  eo14114: { summary: 'EO 14114 (2023-12-22)', value: EO_14114 },
  mfaCountermeasures: {
    summary: 'MFA countermeasures on GA-ASI and GDLS (2024-04-11)',
    value: MFA_COUNTERMEASURES,
  },
} as const;
