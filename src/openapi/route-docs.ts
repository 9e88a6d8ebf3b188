import type { ParameterSchema, QueryParameter } from '../http/known-query-parameters';
import {
  AUDIT_DIGEST_PARAMETERS,
  AUDIT_EVENTS_PARAMETERS,
  AUDIT_VERIFY_PARAMETERS,
} from '../audit/audit-params';
import { CONSISTENCY_PARAMETERS, INCLUSION_PARAMETERS } from '../audit/merkle/proof-params';
import {
  ENTITY_SEARCH_PARAMETERS,
  ITEM_PARAMETERS,
  TIMELINE_PARAMETERS,
} from '../read-model/read-parameters';
import { FEED_PARAMETERS } from '../feeds/feed-parameters';
import { REF } from './component-schemas';
import { GA_ASI_ENTITY, RECORD_ITEM_EXAMPLES } from './seed-examples';
import {
  EXPORT_CONTENT,
  json,
  READ_ERRORS,
  text,
  WRITE_ERRORS,
  type ResponseHeaderName,
  type SuccessContent,
} from './route-responses';

/** What the OpenAPI document says about one operation beyond what Nest can infer. */
export interface RouteDoc {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly body?: {
    readonly schema: string;
    readonly examples?: Readonly<Record<string, unknown>>;
  };
  readonly success: {
    readonly status: number;
    /** Media type -> schema of the body; absent for an empty body. */
    readonly content?: SuccessContent;
    readonly headers?: readonly ResponseHeaderName[];
  };
  /** The error statuses the route itself answers; enrichDocument adds those every route has. */
  readonly errors: readonly number[];
  /** The query parameters the route takes (the controller refuses others). */
  readonly query?: readonly QueryParameter[];
  readonly headers?: readonly RequestHeader[];
}

interface RequestHeader {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: ParameterSchema;
}

const IF_MATCH: RequestHeader = {
  name: 'If-Match',
  required: true,
  description: 'the ETag (version) you read, e.g. "3"; without it 428, when stale 412',
  schema: { type: 'string', pattern: '^(W/)?"?\\d{1,15}"?$', examples: ['"3"'] },
};
const IDEMPOTENCY_KEY: RequestHeader = {
  name: 'Idempotency-Key',
  required: false,
  description: 'retrying with the same key returns the original result and writes nothing',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$', maxLength: 200 },
};
const LAST_EVENT_ID: RequestHeader = {
  name: 'Last-Event-ID',
  required: false,
  description: 'the id of the last event received: the feed resumes after it',
  schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' },
};

const write = (
  schema: string,
  status: number,
  extra: readonly number[],
  headers: RequestHeader[],
) => ({
  body: { schema },
  success: { status, content: json('WriteResult') },
  errors: [...WRITE_ERRORS, ...extra],
  headers,
});

/** Keyed by `METHOD /openapi/path` as Nest's scanner writes paths. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'post /items': {
    tag: 'items',
    summary: 'Record a new item (one fact)',
    ...write('RecordItemRequest', 201, [], [IDEMPOTENCY_KEY]),
    body: { schema: 'RecordItemRequest', examples: RECORD_ITEM_EXAMPLES },
    success: { status: 201, content: json('WriteResult'), headers: ['Location'] },
  },
  'post /items/{itemId}/corrections': {
    tag: 'items',
    summary: 'Correct an item (a new event that points at the old one)',
    ...write('CorrectionBodySchema', 200, [404, 412, 428], [IF_MATCH, IDEMPOTENCY_KEY]),
  },
  'post /items/{itemId}/retraction': {
    tag: 'items',
    summary: 'Retract an item; it accepts nothing more',
    ...write('RetractionBodySchema', 200, [404, 412, 428], [IF_MATCH, IDEMPOTENCY_KEY]),
  },
  'post /entities': {
    tag: 'entities',
    summary: 'Register an entity (country, person, company, public body)',
    ...write('EntityRegisteredSchema', 201, [], [IDEMPOTENCY_KEY]),
    body: { schema: 'EntityRegisteredSchema', examples: { gaAsi: { value: GA_ASI_ENTITY } } },
    success: { status: 201, content: json('WriteResult'), headers: ['Location'] },
  },
  'post /entities/{entityId}/aliases': {
    tag: 'entities',
    summary: 'Add an alias to an entity',
    ...write('EntityAliasAddedSchema', 201, [404], [IDEMPOTENCY_KEY]),
    body: { schema: 'EntityAliasAddedSchema', examples: { gaAsi: { value: { alias: 'GA-ASI' } } } },
  },
  'get /items/{id}': {
    tag: 'timeline',
    summary: 'One item as it is now (or as of asOf); ETag = version',
    query: ITEM_PARAMETERS,
    success: { status: 200, content: json('Item'), headers: ['ETag'] },
    errors: [...READ_ERRORS, 404],
  },
  'get /items/{itemId}/history': {
    tag: 'audit',
    summary: 'Raw events of an item with metadata and hashes',
    success: { status: 200, content: json('ItemHistory') },
    errors: [400, 404],
  },
  'get /timeline': {
    tag: 'timeline',
    summary: 'The timeline, filtered, paginated',
    description:
      'JSON pages by default; `format=` or Accept asks for the whole timeline as an export ' +
      '(`format=timelinejs` answers the TimelineJS document as application/json).',
    query: TIMELINE_PARAMETERS,
    success: { status: 200, content: EXPORT_CONTENT },
    errors: [...READ_ERRORS, 406],
  },
  'get /entities': {
    tag: 'entities',
    summary: 'Search entities by name or alias',
    query: ENTITY_SEARCH_PARAMETERS,
    success: { status: 200, content: json('EntitySearchResult') },
    errors: [400],
  },
  'get /entities/{id}': {
    tag: 'entities',
    summary: 'One entity',
    success: { status: 200, content: json('Entity') },
    errors: [400, 404],
  },
  'get /entities/{id}/timeline': {
    tag: 'timeline',
    summary: "An entity's timeline",
    query: TIMELINE_PARAMETERS,
    success: { status: 200, content: EXPORT_CONTENT },
    errors: [...READ_ERRORS, 404, 406],
  },
  'get /audit/events': {
    tag: 'audit',
    summary: 'The global event log in order (NDJSON, one AuditEvent a line)',
    query: AUDIT_EVENTS_PARAMETERS,
    success: { status: 200, content: { 'application/x-ndjson': text('AuditEvent') } },
    errors: [400],
  },
  'get /audit/digest': {
    tag: 'audit',
    summary: 'Digest of all event hashes up to a position',
    query: AUDIT_DIGEST_PARAMETERS,
    success: { status: 200, content: json('LogDigest') },
    errors: [400],
  },
  'get /audit/verify': {
    tag: 'audit',
    summary: 'Recompute every hash; names the first broken link',
    query: AUDIT_VERIFY_PARAMETERS,
    success: { status: 200, content: json('VerifyReport') },
    errors: [400],
  },
  'get /timeline/changes': {
    tag: 'timeline',
    summary: 'Live changes of the timeline as Server-Sent Events (resume with Last-Event-ID)',
    query: FEED_PARAMETERS,
    headers: [LAST_EVENT_ID],
    success: { status: 200, content: { 'text/event-stream': text() } },
    errors: [400],
  },
  'get /audit/checkpoint': {
    tag: 'audit',
    summary: 'A signed checkpoint of the Merkle log (tree size, root hash, Ed25519 signature)',
    success: { status: 200, content: json('Checkpoint') },
    errors: [400],
  },
  'get /audit/public-key': {
    tag: 'audit',
    summary: 'The Ed25519 public key that signs checkpoints',
    success: { status: 200, content: json('PublicKey') },
    errors: [400],
  },
  'get /audit/proof/inclusion': {
    tag: 'audit',
    summary: "An event's RFC 9162 audit path in a tree of the given size",
    query: INCLUSION_PARAMETERS,
    success: { status: 200, content: json('InclusionProof') },
    errors: [400, 404],
  },
  'get /audit/proof/consistency': {
    tag: 'audit',
    summary: 'An RFC 9162 consistency proof between two tree sizes',
    query: CONSISTENCY_PARAMETERS,
    success: { status: 200, content: json('ConsistencyProof') },
    errors: [400],
  },
  'get /admin/projections': {
    tag: 'admin',
    summary: 'Projection status: position, lag, failures, rebuilds',
    success: { status: 200, content: json('ProjectionList') },
    errors: [],
  },
  'post /admin/projections/{name}/rebuild': {
    tag: 'admin',
    summary: 'Start a side-by-side rebuild',
    success: { status: 202, content: json('ProjectionRebuild') },
    errors: [404],
  },
  'get /health/live': {
    tag: 'ops',
    summary: 'Liveness: the process answers',
    success: { status: 200, content: json('Health') },
    errors: [],
  },
  'get /health/ready': {
    tag: 'ops',
    summary: 'Readiness: store reachable, projections healthy and caught up',
    success: { status: 200, content: json('Health') },
    errors: [],
  },
  'get /openapi.json': {
    tag: 'ops',
    summary: 'This OpenAPI 3.1 document',
    success: { status: 200, content: json('OpenApiDocument') },
    errors: [],
  },
  'get /docs': {
    tag: 'ops',
    summary: 'API explorer (Swagger UI, served from the bundled swagger-ui-dist)',
    success: { status: 200, content: { 'text/html': text() } },
    errors: [],
  },
  'get /metrics': {
    tag: 'ops',
    summary: 'Prometheus metrics',
    success: { status: 200, content: { 'text/plain': text() } },
    errors: [],
  },
};

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `${REF}${name}` };
}
