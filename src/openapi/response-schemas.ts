import { CONFIDENCE_LEVELS } from '../../events/common';
import { MAX_ENTITY_ID_LENGTH } from '../../events/schemas/rules';
import type { SchemaObject } from './component-schemas';

/**
 * The bodies the read, audit and ops routes answer, written from the types the controllers
 * return (ItemDoc, EntityDoc, TimelineResponse, the audit reports...). They leave
 * additionalProperties open: a field added to an answer must not break a client. The e2e suites
 * validate every answer against them (test/support/response-contract.ts), so they cannot drift.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const DECIMAL = { type: 'string', pattern: '^\\d+$', description: 'decimal (may exceed 2^53)' };
const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const INSTANT = { type: 'string', format: 'date-time' };
const DAY_OR_NULL = { type: ['string', 'null'], format: 'date' };
const strings = { type: 'array', items: { type: 'string' } };
const object = (required: string[], properties: Record<string, unknown>): SchemaObject => ({
  type: 'object',
  required,
  properties,
});

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
  AuditEvent: object(['position', 'stream', 'version', 'id', 'type', 'data', 'hash'], {
    position: DECIMAL,
    stream: { type: 'string' },
    version: { type: 'integer' },
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    schemaVersion: { type: 'integer' },
    data: { type: 'object' },
    metadata: { type: 'object' },
    prevHash: { type: ['string', 'null'] },
    hash: HEX64,
  }),
  ItemHistory: object(['itemId', 'stream', 'version', 'events'], {
    itemId: { type: 'string' },
    stream: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    events: {
      type: 'array',
      items: {
        allOf: [ref('AuditEvent')],
        properties: { upcast: { type: 'object', description: 'data as read today, or {error}' } },
      },
    },
  }),
  LogDigest: object(['position', 'eventCount', 'digest'], {
    position: DECIMAL,
    eventCount: { type: 'integer', minimum: 0 },
    digest: HEX64,
  }),
  VerifyReport: object(['ok', 'position', 'eventsChecked', 'streamsChecked'], {
    ok: { type: 'boolean', description: 'false is a finding about the log (still a 200)' },
    position: DECIMAL,
    eventsChecked: { type: 'integer', minimum: 0 },
    streamsChecked: { type: 'integer', minimum: 0 },
    digest: HEX64,
    break: object(['position', 'problem'], {
      stream: { type: ['string', 'null'] },
      version: { type: ['integer', 'null'] },
      position: DECIMAL,
      eventId: { type: ['string', 'null'] },
      problem: { type: 'string' },
      expected: { type: 'string' },
      found: { type: 'string' },
    }),
    storageProblems: strings,
  }),
  Checkpoint: object(
    ['origin', 'treeSize', 'rootHash', 'position', 'timestamp', 'keyId', 'body', 'signature'],
    {
      origin: { type: 'string' },
      treeSize: { type: 'integer', minimum: 0 },
      rootHash: HEX64,
      position: DECIMAL,
      timestamp: INSTANT,
      keyId: { type: 'string', pattern: '^[0-9a-f]{16}$' },
      body: { type: 'string', description: 'exactly the signed bytes (UTF-8)' },
      signature: { type: 'string', contentEncoding: 'base64', description: 'Ed25519' },
    },
  ),
  PublicKey: object(['algorithm', 'keyId', 'origin', 'publicKey', 'pem'], {
    algorithm: { const: 'Ed25519' },
    keyId: { type: 'string' },
    origin: { type: 'string' },
    publicKey: { type: 'string', contentEncoding: 'base64' },
    pem: { type: 'string' },
  }),
  InclusionProof: object(['eventId', 'leafIndex', 'position', 'treeSize', 'leafHash', 'proof'], {
    eventId: { type: 'string', format: 'uuid' },
    leafIndex: { type: 'integer', minimum: 0 },
    position: DECIMAL,
    treeSize: { type: 'integer', minimum: 1 },
    leafHash: HEX64,
    proof: { type: 'array', items: HEX64 },
  }),
  ConsistencyProof: object(['from', 'to', 'proof'], {
    from: { type: 'integer', minimum: 0 },
    to: { type: 'integer', minimum: 0 },
    proof: { type: 'array', items: HEX64 },
  }),
  ProjectionStatus: object(['name', 'version', 'checkpoint', 'head', 'lag', 'state', 'failure'], {
    name: { type: 'string' },
    version: { type: 'integer' },
    checkpoint: DECIMAL,
    head: DECIMAL,
    lag: DECIMAL,
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
  }),
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
  OpenApiDocument: object(['openapi', 'info', 'paths'], {
    openapi: { type: 'string' },
    info: { type: 'object' },
    paths: { type: 'object' },
  }),
};
