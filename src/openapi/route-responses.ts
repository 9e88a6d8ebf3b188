import { ERROR_CATALOGUE } from '../http/error-catalogue';
import type { SchemaObject } from './component-schemas';

/** Media type -> { schema }, as an OpenAPI response's `content`. */
export type SuccessContent = Readonly<Record<string, { readonly schema: SchemaObject }>>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const json = (schema: string): SuccessContent => ({
  'application/json': { schema: ref(schema) },
});

/**
 * A text body. NDJSON names the schema of each line in `x-line-schema` (OpenAPI 3.1 has no
 * keyword for it); the response contract of the e2e suites validates every line against it.
 */
export const text = (lineSchema?: string) => ({
  schema: {
    type: 'string',
    ...(lineSchema ? { 'x-line-schema': ref(lineSchema) } : {}),
  },
});

/** What the timeline routes serve: a JSON page, or the whole timeline in an export format. */
export const EXPORT_CONTENT: SuccessContent = {
  'application/json': {
    schema: {
      description: 'a page (TimelinePage), or with format=timelinejs the TimelineJS document',
      oneOf: [ref('TimelinePage'), ref('TimelineJsDocument')],
    },
  },
  'text/csv': text(),
  'text/calendar': text(),
  'application/x-ndjson': text('Item'),
  'application/vnd.timelinejs+json': { schema: ref('TimelineJsDocument') },
};

/** Reads may name a moment (asOf, minPosition) the read model has not reached: 503. */
export const READ_ERRORS = [400, 503] as const;
/** Bodies: refused (400, 413, 415), conflicting (409) or naming what does not exist (422). */
export const WRITE_ERRORS = [400, 409, 413, 415, 422] as const;
/** Any route: a URL or headers too long, a slow client, an internal fault, shutting down. */
export const EVERY_ROUTE_ERRORS = [408, 414, 431, 500, 503] as const;
export const CREDENTIAL_ERRORS = [401, 403, 429] as const;

export type ResponseHeaderName = 'ETag' | 'Location';

/** Success headers, shared as components (Retry-After is written into each problem response). */
export const RESPONSE_HEADERS: Readonly<Record<'ETag' | 'Location', SchemaObject>> = {
  ETag: {
    description: 'the item version, quoted ("3"): send it as If-Match to correct or retract',
    required: true,
    schema: { type: 'string', pattern: '^"\\d+"$' },
  },
  Location: {
    description: 'where the created resource is read',
    required: true,
    schema: { type: 'string', format: 'uri-reference' },
  },
};

const RETRY_AFTER = {
  description: 'seconds to wait before retrying',
  schema: { type: 'string', pattern: '^\\d+$' },
};

/** Statuses whose answer says when to retry. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** `Problem<status>`: problem+json whose code is one the catalogue gives that status. */
export function problemResponses(statuses: ReadonlySet<number>): Record<string, SchemaObject> {
  return Object.fromEntries(
    [...statuses].sort().map((status) => {
      const codes = Object.entries(ERROR_CATALOGUE).filter(([, e]) => e.status === status);
      return [
        `Problem${status}`,
        {
          description: codes.map(([code, e]) => `${code}: ${e.title}`).join('; '),
          ...(RETRY_AFTER_STATUSES.has(status)
            ? { headers: { 'Retry-After': { ...RETRY_AFTER, required: status === 429 } } }
            : {}),
          content: {
            'application/problem+json': {
              schema: {
                allOf: [ref('Problem')],
                properties: {
                  status: { const: status },
                  code: { enum: codes.map(([code]) => code) },
                },
              },
            },
          },
        },
      ];
    }),
  );
}
