import type { ErrorCode, FieldProblem } from '../http/error-catalogue';

/**
 * A business rule said no. Deciders throw it; the HTTP layer maps `code` through the error
 * catalogue. Plain data, so deciders stay free of HTTP and Nest.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
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
