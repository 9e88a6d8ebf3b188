import { deepClone } from 'fast-json-patch';
import {
  correctFact,
  factFromInput,
  validateAliasBody,
  validateCorrectionBody,
  validateEntityData,
  validateFactData,
  validateRetractionBody,
  type FieldIssue,
} from '../../../events';
import { seedItemCommands, type RecordItemCommand } from '../../../events/seed';

/** Tests build invalid inputs by mutating arbitrary JSON, which no static type describes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const recorded = seedItemCommands().filter((c): c is RecordItemCommand => c.kind === 'record-item');
/** A valid input of a given type, from the seed, as a mutable deep copy. */
function valid(type: RecordItemCommand['type']): Record<string, Loose> {
  const command = recorded.find((c) => c.type === type);
  if (!command) throw new Error(`no seed item of type ${type}`);
  return deepClone(command.data);
}
const fields = (issues: readonly FieldIssue[]) => issues.map((issue) => issue.field);

describe('validateFactData', () => {
  const seededTypes = [...new Set(recorded.map((c) => c.type))];
  it.each(seededTypes)('accepts a seed %s', (type) => {
    expect(validateFactData(type, valid(type))).toEqual([]);
  });

  it.each([
    ['SanctionImposed', 'measures', (d: Loose): void => void delete d.measures],
    [
      'SanctionThreatened',
      'potentialMeasures',
      (d: Loose): void => void delete d.potentialMeasures,
    ],
    [
      'DiplomaticEngagementReported',
      'engagement.form',
      (d: Loose): void => void delete d.engagement.form,
    ],
  ] as const)(
    'accepts a %s whose source does not say its %s (absent, not invented)',
    (type, _field, omit) => {
      const data = valid(type);
      omit(data);
      expect(validateFactData(type, data)).toEqual([]);
    },
  );

  it.each([
    ['SanctionImposed', 'measures', (d: Loose): void => void (d.measures = [])],
    [
      'SanctionThreatened',
      'potentialMeasures',
      (d: Loose): void => void (d.potentialMeasures = []),
    ],
    [
      'DiplomaticEngagementReported',
      'engagement.form',
      (d: Loose): void => void (d.engagement.form = null),
    ],
  ] as const)('refuses a %s whose %s is given empty or null', (type, field, empty) => {
    const data = valid(type);
    empty(data);
    expect(fields(validateFactData(type, data))).toEqual([`data.${field}`]);
  });

  it('accepts a SanctionLifted (the one type the seed lacks)', () => {
    const data = valid('SanctionImposed');
    const { sanctionedParties, measures, program: _p, legalBasis: _l, ...rest } = data;
    const lifted = {
      ...rest,
      delistedParties: sanctionedParties,
      measures,
      lifts: { itemId: 'cn-mfa-decree-5-2024' },
    };
    expect(validateFactData('SanctionLifted', lifted)).toEqual([]);
  });

  it('rejects an unknown type on the field "type"', () => {
    expect(fields(validateFactData('SanctionInvented', valid('SanctionImposed')))).toEqual([
      'type',
    ]);
  });

  it.each([null, [], 'text', 42])('rejects non-object data %j on "data"', (data) => {
    expect(fields(validateFactData('SanctionImposed', data))).toEqual(['data']);
  });

  it.each([
    ['missing headline', (d: Loose) => delete d.headline, 'data.headline', /required/],
    ['missing nested authority', (d: Loose) => delete d.authority, 'data.authority', /required/],
    ['headline a number', (d: Loose) => (d.headline = 5), 'data.headline', /string/],
    [
      'unknown top-level field',
      (d: Loose) => (d.cameoCode = '163'),
      'data.cameoCode',
      /not an allowed field/,
    ],
    [
      'unknown nested field',
      (d: Loose) => (d.sources[0].date = '2024-04-11'),
      'data.sources[0].date',
      /not an allowed field/,
    ],
    [
      'derived occurred field in input',
      (d: Loose) => (d.occurred.earliest = '2024-04-11'),
      'data.occurred.earliest',
      /not an allowed field/,
    ],
    ['bad EDTF', (d: Loose) => (d.occurred.edtf = '2024-13-45'), 'data.occurred.edtf', /EDTF/],
    [
      'bad source URL',
      (d: Loose) => (d.sources[1].url = 'not a url'),
      'data.sources[1].url',
      /URL/,
    ],
    [
      'ftp source URL',
      (d: Loose) => (d.sources[0].url = 'ftp://example.org/x'),
      'data.sources[0].url',
      /URL/,
    ],
    [
      'impossible publishedOn',
      (d: Loose) => (d.sources[0].publishedOn = '2024-02-30'),
      'data.sources[0].publishedOn',
      /YYYY/,
    ],
    ['empty sources', (d: Loose) => (d.sources = []), 'data.sources', /at least 1/],
    ['lower-case country', (d: Loose) => (d.countries = ['cn']), 'data.countries', /ISO 3166-1/],
    ['non-existent country', (d: Loose) => (d.countries = ['XX']), 'data.countries', /ISO 3166-1/],
    ['null jurisdiction', (d: Loose) => (d.jurisdiction = null), 'data.jurisdiction', /ISO 3166-1/],
    ['unknown confidence', (d: Loose) => (d.confidence = 'certain'), 'data.confidence', /one of/],
    [
      'topic not kebab-case',
      (d: Loose) => (d.topics = ['Counter Sanctions']),
      'data.topics',
      /kebab/,
    ],
    [
      'malformed entity id',
      (d: Loose) => (d.sanctionedParties[0].entityId = 'GA-ASI'),
      'data.sanctionedParties[0].entityId',
      /entity id/,
    ],
    ['no measures', (d: Loose) => (d.measures = []), 'data.measures', /at least 1/],
    [
      'unknown measure kind',
      (d: Loose) => (d.measures[0].kind = 'naming-and-shaming'),
      'data.measures[0].kind',
      /one of/,
    ],
    [
      'authority given as a list',
      (d: Loose) => (d.authority = [d.authority]),
      'data.authority',
      /object/,
    ],
    [
      'bad effectiveFrom',
      (d: Loose) => (d.effectiveFrom = '11/04/2024'),
      'data.effectiveFrom',
      /YYYY-MM-DD/,
    ],
  ])('rejects %s, naming %s', (_label, mutate, field, message) => {
    const data = valid('SanctionImposed');
    mutate(data);
    const issues = validateFactData('SanctionImposed', data);
    expect(issues).toContainEqual({ field, message: expect.stringMatching(message) });
  });

  // Found by validating the e2e answers against the OpenAPI document: `actors: [[]]` was stored,
  // and the item's entity references then held `{ side: 'actor' }` with no entity.
  it('rejects arrays nested where a list holds objects', () => {
    for (const nested of [[[]], [[[{ entityId: 'ent:country:CN', role: 'issuer' }]]]]) {
      const data = valid('SanctionImposed');
      data.actors = nested;
      data.sources = [data.sources];
      expect(fields(validateFactData('SanctionImposed', data))).toEqual([
        'data.actors',
        'data.sources',
      ]);
    }
  });

  it('names deep paths in type-specific fields', () => {
    const data = valid('TradeStatisticReported');
    data.statistic.observations[0].share.percent = 140;
    data.statistic.observations[0].period = 'last year';
    expect(fields(validateFactData('TradeStatisticReported', data)).sort()).toEqual([
      'data.statistic.observations[0].period',
      'data.statistic.observations[0].share.percent',
    ]);
  });

  it('rejects an engagement status outside expected|announced|occurred|cancelled', () => {
    const data = valid('DiplomaticEngagementReported');
    data.engagement.status = 'rumoured';
    expect(fields(validateFactData('DiplomaticEngagementReported', data))).toEqual([
      'data.engagement.status',
    ]);
  });

  it('rejects duplicate claim ids in an assessment', () => {
    const data = valid('IntelligenceAssessmentPublished');
    data.claims[1].claimId = data.claims[0].claimId;
    expect(fields(validateFactData('IntelligenceAssessmentPublished', data))).toEqual([
      'data.claims',
    ]);
  });

  it('does not modify the data it validates', () => {
    const data = valid('SanctionImposed');
    const before = JSON.stringify(data);
    validateFactData('SanctionImposed', data);
    expect(JSON.stringify(data)).toBe(before);
  });
});

describe('factFromInput and correctFact', () => {
  it('derives the occurrence bounds', () => {
    const outcome = factFromInput('TradeStatisticReported', valid('TradeStatisticReported'));
    expect(outcome.ok && outcome.fact.occurred).toMatchObject({
      earliest: '2023-01-01',
      latest: '2023-12-31',
      precision: 'year',
    });
  });

  it('recomputes bounds after a patch of the EDTF, and refuses a patch that writes derived fields', () => {
    const created = factFromInput('SanctionImposed', valid('SanctionImposed'));
    if (!created.ok) throw new Error('seed item invalid');
    const moved = correctFact('SanctionImposed', created.fact, [
      { op: 'replace', path: '/occurred/edtf', value: '2024-04' },
    ]);
    expect(moved.ok && moved.fact.occurred).toMatchObject({
      earliest: '2024-04-01',
      latest: '2024-04-30',
      precision: 'month',
    });
    const forged = correctFact('SanctionImposed', created.fact, [
      { op: 'add', path: '/occurred/earliest', value: '1999-01-01' },
    ]);
    expect(forged.ok ? [] : fields(forged.issues)).toEqual(['data.occurred.earliest']);
  });

  it('reports a patch that does not fit the document on its operation', () => {
    const created = factFromInput('SanctionImposed', valid('SanctionImposed'));
    if (!created.ok) throw new Error('seed item invalid');
    const outcome = correctFact('SanctionImposed', created.fact, [
      { op: 'replace', path: '/headline', value: 'ok' },
      { op: 'replace', path: '/nowhere/deep', value: 1 },
    ]);
    expect(outcome.ok ? [] : fields(outcome.issues)).toEqual(['body.patch[1]']);
  });

  it('reports prototype paths and a move into its own child on the operation, never throws', () => {
    const created = factFromInput('SanctionImposed', valid('SanctionImposed'));
    if (!created.ok) throw new Error('seed item invalid');
    const hostile: Loose[][] = [
      [{ op: 'add', path: '/__proto__/polluted', value: true }],
      [{ op: 'replace', path: '/constructor/prototype/x', value: 1 }],
      [{ op: 'move', from: '/sources', path: '/sources/0/more' }],
      [{ op: 'copy', from: '/__proto__', path: '/x' }],
    ];
    for (const patch of hostile) {
      const outcome = correctFact('SanctionImposed', created.fact, patch);
      expect(outcome.ok ? [] : fields(outcome.issues)).toEqual(['body.patch[0]']);
    }
    expect(({} as Loose).polluted).toBeUndefined();
  });

  it('stops a patch that copies a list into itself before the document explodes', () => {
    const created = factFromInput('SanctionImposed', valid('SanctionImposed'));
    if (!created.ok) throw new Error('seed item invalid');
    const patch = Array.from({ length: 26 }, () => ({
      op: 'copy',
      from: '/sources',
      path: '/sources/-',
    }));
    const outcome = correctFact('SanctionImposed', created.fact, patch as Loose);
    expect(outcome.ok).toBe(false);
    const issue = outcome.ok ? undefined : outcome.issues[0];
    expect(issue?.field).toMatch(/^body\.patch\[\d+\]$/);
    expect(issue?.message).toMatch(/would exceed 256 KB/);
    // Refused well before the 26th doubling (2^26 sources), which would take minutes.
    expect(Number(issue?.field.match(/\d+/)?.[0])).toBeLessThan(20);
  });
});

describe('bodies', () => {
  it('validates a correction body and rejects malformed patches', () => {
    const body = {
      kind: 'correction',
      reason: 'typo',
      patch: [{ op: 'replace', path: '/headline', value: 'x' }],
    };
    expect(validateCorrectionBody(body)).toEqual([]);
    expect(fields(validateCorrectionBody({ ...body, patch: [] }))).toEqual(['body.patch']);
    expect(
      fields(validateCorrectionBody({ ...body, patch: [{ op: 'frobnicate', path: '/x' }] })),
    ).toEqual(['body.patch']);
    expect(fields(validateCorrectionBody({ ...body, kind: 'rewrite' }))).toEqual(['body.kind']);
    expect(fields(validateCorrectionBody({ ...body, sources: [] }))).toEqual(['body.sources']);
    expect(fields(validateCorrectionBody({ ...body, extra: true }))).toEqual(['body.extra']);
  });

  it('requires duplicateOf exactly when a retraction is a duplicate', () => {
    expect(
      validateRetractionBody({
        kind: 'duplicate',
        reason: 'twice',
        duplicateOf: 'xi-lavrov-2024-04-09',
      }),
    ).toEqual([]);
    expect(validateRetractionBody({ kind: 'erroneous', reason: 'wrong' })).toEqual([]);
    expect(fields(validateRetractionBody({ kind: 'duplicate', reason: 'twice' }))).toEqual([
      'body.duplicateOf',
    ]);
    expect(
      fields(validateRetractionBody({ kind: 'erroneous', reason: 'x', duplicateOf: 'a-b' })),
    ).toEqual(['body.duplicateOf']);
    expect(
      fields(validateRetractionBody({ kind: 'duplicate', reason: 'x', duplicateOf: 'Not A Slug' })),
    ).toEqual(['body.duplicateOf']);
  });

  it('validates entities and aliases', () => {
    const entity = { entityId: 'ent:company:acme', kind: 'company', name: 'Acme', aliases: [] };
    expect(validateEntityData(entity)).toEqual([]);
    expect(fields(validateEntityData({ ...entity, wikidataId: 'Z1' }))).toEqual([
      'body.wikidataId',
    ]);
    expect(fields(validateEntityData({ ...entity, entityId: 'acme' }))).toEqual(['body.entityId']);
    expect(fields(validateEntityData({ ...entity, kind: 'vessel' }))).toEqual(['body.kind']);
    expect(fields(validateEntityData({ ...entity, countryCodes: ['USA'] }))).toEqual([
      'body.countryCodes',
    ]);
    expect(validateAliasBody({ alias: 'ACME Corp', weak: false })).toEqual([]);
    expect(fields(validateAliasBody({ alias: '' }))).toEqual(['body.alias']);
  });
});
