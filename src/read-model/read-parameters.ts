import { CountryCodes } from 'validator/lib/isISO31661Alpha2';
import { CONFIDENCE_LEVELS } from '../../events/common';
import { FACT_SCHEMAS } from '../../events/schemas/facts.schema';
import { FLAG_SCHEMA, queryParameters, repeatableList } from '../http/known-query-parameters';

/**
 * The query parameters each read endpoint takes, with the schema of what they accept: the
 * controllers refuse any other (KnownQueryParameters) and the OpenAPI document lists these, so
 * the two cannot disagree.
 */
const AS_OF = [
  'asOf',
  'RFC 3339 instant (compared with recordedAt) or position:<n>: the answer as it was then',
  {
    type: 'string',
    pattern:
      '^(\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})|position:\\d{1,20})$',
  },
] as const;
const MIN_POSITION = [
  'minPosition',
  'a position a write returned: answer once the read model has reached it (read-your-writes), else 503 with Retry-After',
  { type: 'string', pattern: '^\\d{1,20}$' },
] as const;
const DAY = { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' } as const;
const ENTITY_NAME = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } };

const anyOf = (values: readonly string[]) => `(${values.join('|')})`;
/** Real ISO 3166-1 alpha-2 codes (the service refuses `XX`), in either case. */
const COUNTRY = anyOf([...CountryCodes].flatMap((code: string) => [code, code.toLowerCase()]));
const KEBAB = '[a-z0-9]+(-[a-z0-9]+)*';
/** A fact's jurisdiction: a country, or the EU or UN as lawmakers. */
const JURISDICTION = anyOf(
  [...CountryCodes, 'EU', 'UN'].flatMap((code: string) => [code, code.toLowerCase()]),
);

export const TIMELINE_PARAMETERS = queryParameters([
  [
    'from',
    'YYYY, YYYY-MM or YYYY-MM-DD: items whose [earliest, latest] reaches this day or later',
    DAY,
  ],
  [
    'to',
    'YYYY, YYYY-MM or YYYY-MM-DD: items whose [earliest, latest] starts on this day or earlier',
    DAY,
  ],
  ['within', 'true: only items entirely inside from..to (default false: any overlap)', FLAG_SCHEMA],
  ['entity', 'entity id, name or alias, in any role (repeat to require several)', ENTITY_NAME],
  ['actor', 'entity id, name or alias, on the acting side', ENTITY_NAME],
  ['target', 'entity id, name or alias, on the receiving side', ENTITY_NAME],
  [
    'includeSubsidiaries',
    'true: entity, actor, target (and an entity timeline) also match the entities registered below them through parentId (default false: that entity only)',
    FLAG_SCHEMA,
  ],
  [
    'country',
    'ISO 3166-1 alpha-2 code; a comma list matches any of them (CN,TW), a repeated parameter requires each (country=CN&country=TW)',
    repeatableList(COUNTRY),
  ],
  [
    'jurisdiction',
    'whose law the fact is made under: ISO 3166-1 alpha-2, EU or UN; a comma list matches any of them (US,EU), a repeated parameter requires each',
    repeatableList(JURISDICTION),
  ],
  [
    'topic',
    'topic slug; a comma list matches any of them, a repeated parameter requires each',
    repeatableList(KEBAB),
  ],
  [
    'type',
    'fact type(s), comma-separated: any of them',
    repeatableList(anyOf(Object.keys(FACT_SCHEMAS))),
  ],
  [
    'confidence',
    'confidence level(s), comma-separated; >=level for that level or better',
    repeatableList(`(>=)?${anyOf(CONFIDENCE_LEVELS)}`),
  ],
  [
    'q',
    'words that must all appear in the headline, summary or source quotes (at most 32 words)',
    { type: 'string', pattern: '[\\p{L}\\p{N}]' },
  ],
  ['includeRetracted', 'true to include retracted items (with their retraction)', FLAG_SCHEMA],
  [
    'order',
    'asc (default) or desc by earliest day, then itemId',
    { type: 'string', enum: ['asc', 'desc'] },
  ],
  ['limit', 'page size, 1-500 (default 50)', { type: 'integer', minimum: 1, maximum: 500 }],
  ['cursor', 'nextCursor of the previous page', { type: 'string', minLength: 1 }],
  AS_OF,
  MIN_POSITION,
  [
    'format',
    'csv, ndjson, timelinejs or ics (ical): the whole timeline as an export (auditor role)',
    { type: 'string', enum: ['json', 'csv', 'ndjson', 'timelinejs', 'ics', 'ical'] },
  ],
  [
    'bom',
    'true with format=csv: start the file with a UTF-8 byte-order mark (for Excel)',
    FLAG_SCHEMA,
  ],
]);

export const ITEM_PARAMETERS = queryParameters([AS_OF, MIN_POSITION]);

export const ENTITY_SEARCH_PARAMETERS = queryParameters([
  [
    'q',
    'a name or alias, or the start or part of one (case-insensitive)',
    { type: 'string', minLength: 1 },
  ],
  [
    'id',
    'instead of q: entity ids (comma-separated or repeated, at most 200); answers those that exist',
    { type: 'array', maxItems: 200, items: { type: 'string', minLength: 1 } },
  ],
  [
    'limit',
    'at most this many entities, 1-500 (default 50)',
    { type: 'integer', minimum: 1, maximum: 500 },
  ],
  MIN_POSITION,
]);

export const ENTITY_PARAMETERS = queryParameters([MIN_POSITION]);
