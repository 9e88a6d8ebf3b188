import { REF } from './component-schemas';
import type { RouteDocument } from './route-doc';
import { json, text } from './route-responses';

/**
 * The operations not declared with @RouteDoc on a handler of ours: SwaggerModule serves the
 * document and the explorer itself, and the metrics controller belongs to the metrics module.
 * Keyed by `METHOD /openapi/path` as Nest's scanner writes paths.
 */
export const ROUTES_SERVED_ELSEWHERE: Readonly<Record<string, RouteDocument>> = {
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
