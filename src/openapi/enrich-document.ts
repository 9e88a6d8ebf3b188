import type { OpenAPIObject } from '@nestjs/swagger';
import { requiredAccess, type Access } from '../auth/access-policy';
import { componentSchemas } from './component-schemas';
import { declaredRouteDoc, type RouteDocument } from './route-doc';
import { ROUTES_SERVED_ELSEWHERE, schemaRef } from './route-docs';
import {
  CREDENTIAL_ERRORS,
  EVERY_ROUTE_ERRORS,
  problemResponses,
  RESPONSE_HEADERS,
} from './route-responses';

type Operation = Record<string, unknown> & { responses?: Record<string, unknown> };

/** Served by SwaggerModule rather than a controller, so Nest's scanner does not list them. */
const SELF_DESCRIPTION = {
  '/openapi.json': { get: { operationId: 'openApiDocument', parameters: [] } },
  '/docs': { get: { operationId: 'apiExplorer', parameters: [] } },
};

/**
 * Adds what Nest cannot infer from undecorated controllers: schemas, examples, per-route
 * security taken from the one access policy (so the document and the guard cannot disagree),
 * and every status a route answers with its body and headers, as each handler declares them
 * (@RouteDoc). A route without a declaration fails the build of the document rather than
 * being published undocumented.
 */
export function enrichDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = { ...document.components?.schemas, ...componentSchemas() };
  const paths = Object.fromEntries(
    Object.entries({ ...document.paths, ...SELF_DESCRIPTION }).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          enrichOperation(method, path, operation as Operation),
        ]),
      ),
    ]),
  );
  const components = {
    ...document.components,
    schemas,
    responses: problemResponses(statusesUsed(paths)),
    headers: RESPONSE_HEADERS,
  };
  return { ...document, paths, components } as unknown as OpenAPIObject;
}

function enrichOperation(method: string, path: string, operation: Operation): Operation {
  const doc =
    declaredRouteDoc(String(operation.operationId)) ?? ROUTES_SERVED_ELSEWHERE[`${method} ${path}`];
  if (!doc) throw new Error(`${method.toUpperCase()} ${path} has no @RouteDoc`);
  const access = requiredAccess({
    method: method.toUpperCase(),
    path: path.replace(/\{[^}]+\}/g, 'x'),
    query: {},
    accept: undefined,
  });
  const security =
    access === 'public' ? [] : access === 'reader' ? [{}, { apiKey: [] }] : [{ apiKey: [] }];
  return {
    ...operation,
    summary: doc.summary,
    description: `${doc.description ?? ''}${doc.description ? '\n\n' : ''}Access: ${describeAccess(access)}.`,
    tags: [doc.tag],
    security,
    parameters: [...pathParameters(operation), ...queryAndHeaderParameters(doc)],
    ...(doc.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemaRef(doc.body.schema),
                ...(doc.body.examples ? { examples: doc.body.examples } : {}),
              },
            },
          },
        }
      : {}),
    responses: responsesOf(doc, access),
  };
}

function responsesOf(doc: RouteDocument, access: Access): Record<string, unknown> {
  const { status, content, headers } = doc.success;
  const success = {
    description: 'Success',
    ...(content ? { content } : {}),
    ...(headers
      ? {
          headers: Object.fromEntries(
            headers.map((h) => [h, { $ref: `#/components/headers/${h}` }]),
          ),
        }
      : {}),
  };
  const errors = new Set<number>([
    ...doc.errors,
    ...(access === 'public' ? [] : CREDENTIAL_ERRORS),
    ...EVERY_ROUTE_ERRORS,
  ]);
  const problems = [...errors]
    .sort((a, b) => a - b)
    .map((code) => [String(code), { $ref: `#/components/responses/Problem${code}` }]);
  return { [String(status)]: success, ...Object.fromEntries(problems) };
}

/** Path parameters Nest found, typed by what the routes accept (ids are at most 200 characters). */
function pathParameters(operation: Operation): unknown[] {
  return ((operation.parameters as Record<string, unknown>[]) ?? [])
    .filter((p) => p.in === 'path')
    .map((p) => ({ ...p, schema: { type: 'string', minLength: 1, maxLength: 200 } }));
}

function queryAndHeaderParameters(doc: RouteDocument): unknown[] {
  const query = (doc.query ?? []).map((q) => ({
    name: q.name,
    in: 'query',
    required: q.required ?? false,
    description: q.description,
    schema: q.schema,
    ...(q.schema.type === 'array' ? { style: 'form', explode: true } : {}),
  }));
  const headers = (doc.headers ?? []).map((h) => ({
    name: h.name,
    in: 'header',
    required: h.required,
    description: h.description,
    schema: h.schema,
  }));
  return [...query, ...headers];
}

/** The error statuses some operation answers, so every Problem<status> component is used. */
function statusesUsed(paths: Record<string, Record<string, Operation>>): Set<number> {
  const statuses = Object.values(paths).flatMap((item) =>
    Object.values(item).flatMap((operation) => Object.keys(operation.responses ?? {})),
  );
  return new Set(statuses.map(Number).filter((status) => status >= 400));
}

function describeAccess(access: string): string {
  if (access === 'public') return 'public';
  if (access === 'reader') return 'reader role, or anonymous when ALLOW_ANONYMOUS_READS=true';
  return `${access} role (admin implies all)`;
}
