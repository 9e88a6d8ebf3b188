/**
 * The one catalogue of stable error codes and their HTTP statuses. Clients key on `code`; the
 * status and wording may be refined, the codes never change meaning.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  BAD_REQUEST: { status: 400, title: 'The request is not valid HTTP' },
  INVALID_QUERY_PARAMETER: { status: 400, title: 'A query parameter is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, title: 'An API key is required' },
  FORBIDDEN: { status: 403, title: 'This key may not do that' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'No representation matches Accept' },
  ITEM_EXISTS: { status: 409, title: 'The item already exists' },
  ENTITY_EXISTS: { status: 409, title: 'The entity already exists' },
  ITEM_RETRACTED: { status: 409, title: 'The item is retracted and accepts nothing more' },
  RULE_VIOLATION: { status: 409, title: 'The rules forbid this change' },
  CONCURRENT_WRITE: { status: 409, title: 'Another write got there first; retry' },
  VERSION_MISMATCH: { status: 412, title: 'The item changed since you read it' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The body is too large' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The body must be application/json' },
  UNKNOWN_ENTITIES: { status: 422, title: 'The request refers to unknown entities' },
  UNKNOWN_ITEM: { status: 422, title: 'The request refers to an unknown item' },
  INVALID_PATCH: { status: 422, title: 'The JSON Patch cannot be applied' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'The Idempotency-Key was used with a different request',
  },
  PRECONDITION_REQUIRED: { status: 428, title: 'If-Match is required' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  INTERNAL: { status: 500, title: 'Internal error' },
  STORE_CORRUPT: { status: 500, title: 'The event store file is damaged' },
  NOT_CAUGHT_UP: {
    status: 503,
    title: 'The read model has not reached the requested position yet',
  },
  NOT_READY: { status: 503, title: 'The service is not ready' },
  SHUTTING_DOWN: { status: 503, title: 'The service is shutting down' },
  TOO_MANY_FEEDS: { status: 503, title: 'Too many change feeds are open' },
  STORAGE_UNAVAILABLE: { status: 503, title: 'The storage is unavailable; retry later' },
  MERKLE_LOG_DIVERGED: {
    status: 503,
    title: 'The Merkle log does not describe this event store',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldProblem {
  /** Where the problem is, e.g. `data.sources[0].url`, `If-Match`, `query.limit`. */
  readonly field: string;
  readonly message: string;
}

/** Thrown anywhere in src/; the problem filter turns it into RFC 9457 problem+json. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: {
      readonly fields?: readonly FieldProblem[];
      readonly headers?: Readonly<Record<string, string>>;
      readonly [key: string]: unknown;
    } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  static invalidQuery(parameter: string, message: string): ApiError {
    return new ApiError('INVALID_QUERY_PARAMETER', `${parameter}: ${message}`, {
      fields: [{ field: parameter, message }],
    });
  }

  static validation(fields: readonly FieldProblem[]): ApiError {
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new ApiError('VALIDATION_FAILED', summary, { fields });
  }
}
