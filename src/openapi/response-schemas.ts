import { CONFIDENCE_LEVELS } from '../../events/common';
import { MAX_ENTITY_ID_LENGTH } from '../../events/schemas/rules';
import { AUDIT_SCHEMAS } from './audit-schemas';
import type { SchemaObject } from './component-schemas';
import { DAY_OR_NULL, DECIMAL, INSTANT, object, ref, strings } from './schema-builders';

/**
 * The bodies the read, audit and ops routes answer, written from the types the controllers
 * return (ItemDoc, EntityDoc, TimelineResponse, the audit reports...). They leave
 * additionalProperties open: a field added to an answer must not break a client. The e2e suites
 * validate every answer against them (test/support/response-contract.ts), so they cannot drift.
 */
const RUNNER_STATE = { type: 'string', enum: ['catching-up', 'live', 'failed', 'stopped'] };
const PROJECTION_FAILURE = {
  oneOf: [
    { type: 'null' },
    object(['name', 'position', 'eventType', 'error'], {
      name: { type: 'string' },
      position: DECIMAL,
      eventType: { type: 'string' },
      error: { type: 'string' },
    }),
  ],
};

const TIMELINEJS_DATE = object(['year'], {
  year: { type: 'integer' },
  month: { type: 'integer', minimum: 1, maximum: 12 },
  day: { type: 'integer', minimum: 1, maximum: 31 },
});

export const RESPONSE_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  EntityReference: object(['entityId', 'role', 'side'], {
    entityId: { type: 'string', maxLength: MAX_ENTITY_ID_LENGTH },
    role: { type: 'string' },
    side: { type: 'string', enum: ['actor', 'target', 'other'] },
    nameAsCited: { type: 'string' },
  }),
  Item: object(
    ['itemId', 'type', 'status', 'retraction', 'version', 'firstRecordedAt', 'lastRecordedAt'],
    {
      itemId: { type: 'string' },
      type: { type: 'string', description: 'the fact type that opened the item' },
      status: { type: 'string', enum: ['live', 'retracted'] },
      retraction: {
        oneOf: [
          { type: 'null' },
          object(['kind', 'reason', 'duplicateOf'], {
            kind: { type: 'string' },
            reason: { type: 'string' },
            duplicateOf: { type: ['string', 'null'] },
          }),
        ],
      },
      version: { type: 'integer', minimum: 1, description: 'also the ETag, for If-Match' },
      firstRecordedAt: INSTANT,
      lastRecordedAt: INSTANT,
      firstPosition: DECIMAL,
      lastPosition: DECIMAL,
      earliest: { ...DAY_OR_NULL, description: 'first day the occurrence may cover; null: open' },
      latest: { ...DAY_OR_NULL, description: 'last day the occurrence may cover; null: open' },
      confidence: { type: 'string', enum: [...CONFIDENCE_LEVELS] },
      entities: { type: 'array', items: ref('EntityReference') },
      countries: strings,
      topics: strings,
      fact: {
        type: 'object',
        required: ['headline'],
        properties: { headline: { type: 'string' } },
        description: 'the fact as corrected; its fields are those of the `type` schema',
      },
    },
  ),
  TimelinePage: object(['items', 'nextCursor', 'position'], {
    items: { type: 'array', items: ref('Item') },
    nextCursor: { type: ['string', 'null'], description: 'pass as cursor; null on the last page' },
    position: { ...DECIMAL, description: 'the log position this answer reflects' },
  }),
  Entity: object(['entityId', 'kind', 'name', 'aliases', 'version', 'registeredAt'], {
    entityId: { type: 'string' },
    kind: { type: 'string' },
    name: { type: 'string' },
    aliases: strings,
    weakAliases: strings,
    wikidataId: { type: ['string', 'null'] },
    countryCodes: strings,
    parentId: { type: ['string', 'null'] },
    version: { type: 'integer', minimum: 1 },
    registeredAt: INSTANT,
    lastPosition: DECIMAL,
  }),
  EntitySearchResult: object(['entities'], { entities: { type: 'array', items: ref('Entity') } }),
  TimelineJsDocument: object(['events'], {
    title: { type: 'object' },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['start_date', 'text'],
        properties: {
          unique_id: { type: 'string' },
          start_date: TIMELINEJS_DATE,
          end_date: TIMELINEJS_DATE,
          display_date: { type: 'string' },
          text: {
            type: 'object',
            properties: { headline: { type: 'string' }, text: { type: 'string' } },
          },
          group: { type: 'string' },
        },
      },
    },
  }),
  ProjectionStatus: object(
    ['name', 'version', 'checkpoint', 'head', 'lag', 'lagSeconds', 'state', 'failure'],
    {
      name: { type: 'string' },
      version: { type: 'integer' },
      checkpoint: DECIMAL,
      head: DECIMAL,
      lag: DECIMAL,
      lagSeconds: {
        type: 'number',
        minimum: 0,
        description: 'seconds the oldest event not yet applied has waited (0 when caught up)',
      },
      state: RUNNER_STATE,
      failure: PROJECTION_FAILURE,
      rebuild: {
        oneOf: [
          { type: 'null' },
          object(['version', 'checkpoint', 'progressPercent', 'state', 'failure'], {
            version: { type: 'integer' },
            checkpoint: DECIMAL,
            progressPercent: { type: 'number', minimum: 0, maximum: 100 },
            state: RUNNER_STATE,
            failure: PROJECTION_FAILURE,
          }),
        ],
      },
    },
  ),
  ProjectionList: object(['projections'], {
    projections: { type: 'array', items: ref('ProjectionStatus') },
  }),
  ProjectionRebuild: object(['projection'], { projection: ref('ProjectionStatus') }),
  Health: object(['status'], {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object' },
    error: { type: 'object' },
    details: { type: 'object' },
  }),
  OpenApiDocument: object(['openapi', 'info', 'paths'], {
    openapi: { type: 'string' },
    info: { type: 'object' },
    paths: { type: 'object' },
  }),
  ...AUDIT_SCHEMAS,
};
