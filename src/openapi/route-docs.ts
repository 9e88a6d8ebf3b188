import type { QueryParameter } from '../http/known-query-parameters';
import {
  AUDIT_DIGEST_PARAMETERS,
  AUDIT_EVENTS_PARAMETERS,
  AUDIT_VERIFY_PARAMETERS,
} from '../audit/audit-params';
import { CONSISTENCY_PARAMETERS, INCLUSION_PARAMETERS } from '../audit/merkle/proof-params';
import {
  ENTITY_PARAMETERS,
  ENTITY_SEARCH_PARAMETERS,
  ITEM_PARAMETERS,
  TIMELINE_PARAMETERS,
} from '../read-model/read-parameters';
import { FEED_PARAMETERS } from '../feeds/feed-parameters';
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
  /** The query parameters the route takes (the controller refuses others). */
  readonly query?: readonly QueryParameter[];
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
    query: ITEM_PARAMETERS,
  },
  'get /items/{id}/history': {
    tag: 'audit',
    summary: 'Raw events of an item with metadata and hashes',
  },
  'get /timeline': {
    tag: 'timeline',
    summary: 'The timeline, filtered, paginated',
    query: TIMELINE_PARAMETERS,
  },
  'get /entities': {
    tag: 'entities',
    summary: 'Search entities by name or alias',
    query: ENTITY_SEARCH_PARAMETERS,
  },
  'get /entities/{id}': {
    tag: 'entities',
    summary: 'One entity, by id or by a name or alias that only it carries',
    query: ENTITY_PARAMETERS,
  },
  'get /entities/{id}/timeline': {
    tag: 'timeline',
    summary: "An entity's timeline (the path takes its id, or a name or alias only it carries)",
    query: TIMELINE_PARAMETERS,
  },
  'get /audit/events': {
    tag: 'audit',
    summary: 'The global event log in order (NDJSON)',
    query: AUDIT_EVENTS_PARAMETERS,
  },
  'get /audit/digest': {
    tag: 'audit',
    summary: 'Digest of all event hashes up to a position',
    query: AUDIT_DIGEST_PARAMETERS,
  },
  'get /audit/verify': {
    tag: 'audit',
    summary: 'Recompute every hash; names the first broken link',
    query: AUDIT_VERIFY_PARAMETERS,
  },
  'get /timeline/changes': {
    tag: 'timeline',
    summary: 'Live changes of the timeline as Server-Sent Events (resume with Last-Event-ID)',
    query: FEED_PARAMETERS,
    success: { status: 200, mediaTypes: ['text/event-stream'] },
  },
  'get /audit/checkpoint': {
    tag: 'audit',
    summary: 'A signed checkpoint of the Merkle log (tree size, root hash, Ed25519 signature)',
  },
  'get /audit/public-key': {
    tag: 'audit',
    summary: 'The Ed25519 public key that signs checkpoints',
  },
  'get /audit/proof/inclusion': {
    tag: 'audit',
    summary: "An event's RFC 9162 audit path in a tree of the given size",
    query: INCLUSION_PARAMETERS,
  },
  'get /audit/proof/consistency': {
    tag: 'audit',
    summary: 'An RFC 9162 consistency proof between two tree sizes',
    query: CONSISTENCY_PARAMETERS,
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
