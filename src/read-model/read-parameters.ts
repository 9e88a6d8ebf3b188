import { queryParameters } from '../http/known-query-parameters';

/**
 * The query parameters each read endpoint takes: the controllers refuse any other
 * (KnownQueryParameters) and the OpenAPI document lists these, so the two cannot disagree.
 */
const AS_OF = [
  'asOf',
  'RFC 3339 instant (compared with recordedAt) or position:<n>: the answer as it was then',
] as const;
const MIN_POSITION = [
  'minPosition',
  'a position a write returned: answer once the read model has reached it (read-your-writes), else 503 with Retry-After',
] as const;

export const TIMELINE_PARAMETERS = queryParameters([
  ['from', 'YYYY, YYYY-MM or YYYY-MM-DD: items whose [earliest, latest] reaches this day or later'],
  [
    'to',
    'YYYY, YYYY-MM or YYYY-MM-DD: items whose [earliest, latest] starts on this day or earlier',
  ],
  ['within', 'true: only items entirely inside from..to (default false: any overlap)'],
  ['entity', 'entity id, name or alias, in any role (repeat to require several)'],
  ['actor', 'entity id, name or alias, on the acting side'],
  ['target', 'entity id, name or alias, on the receiving side'],
  [
    'includeSubsidiaries',
    'true: entity, actor, target (and an entity timeline) also match the entities registered below them through parentId (default false: that entity only)',
  ],
  [
    'country',
    'ISO 3166-1 alpha-2 code; a comma list matches any of them (CN,TW), a repeated parameter requires each (country=CN&country=TW)',
  ],
  [
    'jurisdiction',
    'whose law the fact is made under: ISO 3166-1 alpha-2, EU or UN; a comma list matches any of them (US,EU), a repeated parameter requires each',
  ],
  ['topic', 'topic slug; a comma list matches any of them, a repeated parameter requires each'],
  ['type', 'fact type(s), comma-separated: any of them'],
  ['confidence', 'confidence level(s), comma-separated; >=level for that level or better'],
  ['q', 'words that must all appear in the headline, summary or source quotes'],
  ['includeRetracted', 'true to include retracted items (with their retraction)'],
  ['order', 'asc (default) or desc by earliest day, then itemId'],
  ['limit', 'page size, 1-500 (default 50)'],
  ['cursor', 'nextCursor of the previous page'],
  AS_OF,
  MIN_POSITION,
  ['format', 'csv, ndjson, timelinejs or ics: the whole timeline as an export (auditor role)'],
  ['bom', 'true with format=csv: start the file with a UTF-8 byte-order mark (for Excel)'],
]);

export const ITEM_PARAMETERS = queryParameters([AS_OF, MIN_POSITION]);

export const ENTITY_SEARCH_PARAMETERS = queryParameters([
  ['q', 'a name or alias, or the start or part of one (case-insensitive)'],
  [
    'id',
    'instead of q: entity ids (comma-separated or repeated, at most 200); answers those that exist',
  ],
  ['limit', 'at most this many entities, 1-500 (default 50)'],
  MIN_POSITION,
]);

export const ENTITY_PARAMETERS = queryParameters([MIN_POSITION]);
