import type { OpenAPIObject } from '@nestjs/swagger';
import { requiredAccess } from '../auth/access-policy';
import { componentSchemas } from './component-schemas';
import { ROUTE_DOCS, type RouteDoc, schemaRef } from './route-docs';

type Operation = Record<string, unknown> & { responses?: Record<string, unknown> };

/** Served by SwaggerModule rather than a controller, so Nest's scanner does not list them. */
const SELF_DESCRIPTION = {
  '/openapi.json': { get: { operationId: 'openApiDocument', parameters: [] } },
  '/docs': { get: { operationId: 'apiExplorer', parameters: [] } },
};

const PROBLEM = { 'application/problem+json': { schema: schemaRef('Problem') } };
const problem = (description: string) => ({ description, content: PROBLEM });

/**
 * Adds what Nest cannot infer from undecorated controllers: schemas, examples, per-route
 * security taken from the one access policy (so the document and the guard cannot disagree),
 * and the problem+json responses every route can give.
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
  return { ...document, paths, components: { ...document.components, schemas } } as OpenAPIObject;
}

function enrichOperation(method: string, path: string, operation: Operation): Operation {
  const doc: RouteDoc | undefined = ROUTE_DOCS[`${method} ${path}`];
  const access = requiredAccess({
    method: method.toUpperCase(),
    path: path.replace(/\{[^}]+\}/g, 'x'),
    query: {},
    accept: undefined,
  });
  const responses: Record<string, unknown> = {};
  const success = doc?.success ?? { status: method === 'post' ? 201 : 200 };
  responses[String(success.status)] = {
    description: 'Success',
    ...(success.schema || success.mediaTypes
      ? {
          content: Object.fromEntries(
            (success.mediaTypes ?? ['application/json']).map((type) => [
              type,
              { schema: success.schema ? schemaRef(success.schema) : { type: 'string' } },
            ]),
          ),
        }
      : {}),
  };
  if (method === 'post') responses['400'] = problem('The request is not valid (names the field)');
  if (access !== 'public') {
    responses['401'] = problem('No or an invalid API key');
    responses['403'] = problem('The key lacks the required role');
    responses['429'] = problem('Rate limit reached; see Retry-After');
  }
  if (path === '/health/ready') responses['503'] = problem('Not ready (see checks)');
  responses.default = problem('Any other error, as problem+json');
  const security =
    access === 'public' ? [] : access === 'reader' ? [{}, { apiKey: [] }] : [{ apiKey: [] }];
  return {
    ...operation,
    summary: doc?.summary ?? operation.summary ?? `${method.toUpperCase()} ${path}`,
    description: `${doc?.description ?? ''}${doc?.description ? '\n\n' : ''}Access: ${describeAccess(access)}.`,
    tags: [doc?.tag ?? 'other'],
    security,
    parameters: [
      ...((operation.parameters as unknown[]) ?? []),
      ...extraParameters(doc, operation),
    ],
    ...(doc?.body
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
    responses,
  };
}

function extraParameters(doc: RouteDoc | undefined, operation: Operation): unknown[] {
  const existing = new Set(((operation.parameters as { name: string }[]) ?? []).map((p) => p.name));
  const query = (doc?.query ?? [])
    .filter((q) => !existing.has(q.name))
    .map((q) => ({
      name: q.name,
      in: 'query',
      required: false,
      description: q.description,
      schema: { type: 'string' },
    }));
  const headers = (doc?.headers ?? []).map((h) => ({
    name: h.name,
    in: 'header',
    required: h.required,
    description: h.description,
    schema: { type: 'string' },
  }));
  return [...query, ...headers];
}

function describeAccess(access: string): string {
  if (access === 'public') return 'public';
  if (access === 'reader') return 'reader role, or anonymous when ALLOW_ANONYMOUS_READS=true';
  return `${access} role (admin implies all)`;
}
