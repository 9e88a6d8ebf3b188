import { REF } from './component-schemas';
import { GA_ASI_ENTITY, RECORD_ITEM_EXAMPLES } from './seed-examples';

/** What the OpenAPI document says about one operation beyond what Nest can infer. */
export interface RouteDoc {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly body?: {
    readonly schema: string;
    readonly examples?: Readonly<Record<string, unknown>>;
  };
  readonly success?: {
    readonly status: number;
    readonly schema?: string;
    readonly mediaTypes?: readonly string[];
  };
  readonly query?: readonly { readonly name: string; readonly description: string }[];
  readonly headers?: readonly {
    readonly name: string;
    readonly required: boolean;
    readonly description: string;
  }[];
}

const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'the ETag (version) you read, e.g. "3"',
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'retrying with the same key returns the original result and writes nothing',
};
const TIMELINE_QUERY = [
  ['from', 'occurred on or after (EDTF/ISO day; ranges overlap)'],
  ['to', 'occurred on or before'],
  ['entity', 'entity id as actor or target'],
  ['actor', 'entity id as actor'],
  ['target', 'entity id as target'],
  ['country', 'ISO 3166-1 alpha-2'],
  ['topic', 'topic slug'],
  ['type', 'fact type'],
  ['q', 'full-text search'],
  ['confidence', 'minimum confidence'],
  ['includeRetracted', 'true to include retracted items'],
  ['asOf', 'ISO instant or position:<n>: the timeline as it was then'],
  ['minPosition', 'wait until the read model reached this position (read-your-writes)'],
  ['cursor', 'pagination cursor from the previous page'],
  ['limit', 'page size'],
  ['format', 'csv, ndjson, timelinejs or ics for exports (auditor role)'],
].map(([name, description]) => ({ name, description }));

/** Keyed by `METHOD /openapi/path` as Nest's scanner writes paths. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  'post /items': {
    tag: 'items',
    summary: 'Record a new item (one fact)',
    body: { schema: 'RecordItemRequest', examples: RECORD_ITEM_EXAMPLES },
    success: { status: 201, schema: 'WriteResult' },
    headers: [IDEMPOTENCY_KEY],
  },
  'post /items/{itemId}/corrections': {
    tag: 'items',
    summary: 'Correct an item (a new event that points at the old one)',
    body: { schema: 'CorrectionBodySchema' },
    success: { status: 200, schema: 'WriteResult' },
    headers: [IF_MATCH, IDEMPOTENCY_KEY],
  },
  'post /items/{itemId}/retraction': {
    tag: 'items',
    summary: 'Retract an item; it accepts nothing more',
    body: { schema: 'RetractionBodySchema' },
    success: { status: 200, schema: 'WriteResult' },
    headers: [IF_MATCH, IDEMPOTENCY_KEY],
  },
  'post /entities': {
    tag: 'entities',
    summary: 'Register an entity (country, person, company, public body)',
    body: { schema: 'EntityRegisteredSchema', examples: { gaAsi: { value: GA_ASI_ENTITY } } },
    success: { status: 201, schema: 'WriteResult' },
    headers: [IDEMPOTENCY_KEY],
  },
  'post /entities/{entityId}/aliases': {
    tag: 'entities',
    summary: 'Add an alias to an entity',
    body: { schema: 'EntityAliasAddedSchema', examples: { gaAsi: { value: { alias: 'GA-ASI' } } } },
    success: { status: 201, schema: 'WriteResult' },
    headers: [IDEMPOTENCY_KEY],
  },
  'get /items/{id}': {
    tag: 'timeline',
    summary: 'One item as it is now (or as of asOf); ETag = version',
  },
  'get /items/{id}/history': {
    tag: 'audit',
    summary: 'Raw events of an item with metadata and hashes',
  },
  'get /timeline': {
    tag: 'timeline',
    summary: 'The timeline, filtered, paginated',
    query: TIMELINE_QUERY,
  },
  'get /entities': {
    tag: 'entities',
    summary: 'Search entities by name or alias',
    query: [{ name: 'q', description: 'name or alias' }],
  },
  'get /entities/{id}': { tag: 'entities', summary: 'One entity' },
  'get /entities/{id}/timeline': {
    tag: 'timeline',
    summary: "An entity's timeline",
    query: TIMELINE_QUERY,
  },
  'get /audit/events': { tag: 'audit', summary: 'The global event log in order (NDJSON)' },
  'get /audit/digest': { tag: 'audit', summary: 'Digest of all event hashes up to a position' },
  'get /audit/verify': {
    tag: 'audit',
    summary: 'Recompute every hash; names the first broken link',
  },
  'get /admin/projections': {
    tag: 'admin',
    summary: 'Projection status: position, lag, failures, rebuilds',
  },
  'post /admin/projections/{name}/rebuild': {
    tag: 'admin',
    summary: 'Start a side-by-side rebuild',
    success: { status: 202 },
  },
  'get /health/live': { tag: 'ops', summary: 'Liveness: the process answers' },
  'get /health/ready': {
    tag: 'ops',
    summary: 'Readiness: store reachable, projections healthy and caught up',
  },
  'get /openapi.json': {
    tag: 'ops',
    summary: 'This OpenAPI 3.1 document',
    success: { status: 200, mediaTypes: ['application/json'] },
  },
  'get /docs': {
    tag: 'ops',
    summary: 'API explorer (Swagger UI, served from the bundled swagger-ui-dist)',
    success: { status: 200, mediaTypes: ['text/html'] },
  },
  'get /metrics': {
    tag: 'ops',
    summary: 'Prometheus metrics',
    success: { status: 200, mediaTypes: ['text/plain'] },
  },
};

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `${REF}${name}` };
}
