import type { ErrorCode, FieldProblem } from '../http/error-catalogue';

/**
 * Why a business rule said no, in the domain's words. Each is also a code of the HTTP error
 * catalogue (`satisfies` checks it), which says what status it answers; deciders never name one.
 */
export const DOMAIN_CODES = [
  'VALIDATION_FAILED',
  'ITEM_EXISTS',
  'ENTITY_EXISTS',
  'NOT_FOUND',
  'ITEM_RETRACTED',
  'VERSION_MISMATCH',
  'INVALID_PATCH',
  'RULE_VIOLATION',
  'UNKNOWN_ITEM',
  'UNKNOWN_ENTITIES',
  'CONCURRENT_WRITE',
] as const satisfies readonly ErrorCode[];
export type DomainCode = (typeof DOMAIN_CODES)[number];

/**
 * The command's expected version, as the domain names it; HTTP carries it in `If-Match`
 * (problem.filter.ts maps the name at the edge).
 */
export const EXPECTED_VERSION_FIELD = 'expectedVersion';

/**
 * A business rule said no. Deciders throw it; the HTTP layer maps `code` through the error
 * catalogue and domain field names to the request's. Plain data, so deciders stay free of HTTP
 * and Nest.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainCode,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function validationError(fields: readonly FieldProblem[]): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    fields.map((f) => `${f.field}: ${f.message}`).join('; '),
    fields,
  );
}

/** The catalogue names body fields `body.kind`; clients know them as `kind`. */
export function atBodyRoot(problem: FieldProblem): FieldProblem {
  return { ...problem, field: problem.field.replace(/^body\.?/, '') || 'body' };
}
