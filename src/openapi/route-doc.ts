import type { ParameterSchema, QueryParameter } from '../http/known-query-parameters';
import {
  json,
  WRITE_ERRORS,
  type ResponseHeaderName,
  type SuccessContent,
} from './route-responses';

/**
 * What the OpenAPI document says about one operation beyond what Nest can infer, declared on
 * the route's handler with @RouteDoc so the route and its description sit side by side.
 */
export interface RouteDocument {
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

export interface RequestHeader {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: ParameterSchema;
}

/** Keyed as Nest's scanner names operations: `<Controller>_<method>`. */
const DECLARED = new Map<string, RouteDocument>();

/** Declares the handler's OpenAPI description (read by enrichDocument through the operationId). */
export function RouteDoc(document: RouteDocument): MethodDecorator {
  return (target, method) => {
    DECLARED.set(`${target.constructor.name}_${String(method)}`, document);
  };
}

export function declaredRouteDoc(operationId: string): RouteDocument | undefined {
  return DECLARED.get(operationId);
}

/** Every declaration, so a test can check each one documents a served route. */
export function declaredOperationIds(): readonly string[] {
  return [...DECLARED.keys()];
}

export const IF_MATCH: RequestHeader = {
  name: 'If-Match',
  required: true,
  description: 'the ETag (version) you read, e.g. "3"; without it 428, when stale 412',
  schema: { type: 'string', pattern: '^(W/)?"?\\d{1,15}"?$', examples: ['"3"'] },
};

export const IDEMPOTENCY_KEY: RequestHeader = {
  name: 'Idempotency-Key',
  required: false,
  description: 'retrying with the same key returns the original result and writes nothing',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$', maxLength: 200 },
};

/** A write: its body schema, WriteResult on success, the errors of bodies plus `extra`. */
export function writeDoc(
  doc: Pick<RouteDocument, 'summary' | 'tag'> & { readonly examples?: Record<string, unknown> },
  body: string,
  success: { readonly status: number; readonly headers?: readonly ResponseHeaderName[] },
  extraErrors: readonly number[],
  headers: readonly RequestHeader[],
): RouteDocument {
  const { examples, ...rest } = doc;
  return {
    ...rest,
    body: { schema: body, ...(examples ? { examples } : {}) },
    success: { ...success, content: json('WriteResult') },
    errors: [...WRITE_ERRORS, ...extraErrors],
    headers,
  };
}
