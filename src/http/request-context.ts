import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './error-catalogue';

/** The request id doubles as the correlation id stored in event metadata. */
export function requestId(request: FastifyRequest): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given)
    ? given
    : String(request.id ?? randomUUID());
}

/** Parses `If-Match: "3"` (or W/"3", or 3). Missing is 428: corrections must say what they saw. */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    throw new ApiError(
      'PRECONDITION_REQUIRED',
      'send If-Match with the version you read (the ETag of GET /items/{id})',
      {
        fields: [{ field: 'If-Match', message: 'required' }],
      },
    );
  }
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(String(header).trim());
  if (!match) {
    throw new ApiError('VALIDATION_FAILED', 'If-Match must be an ETag such as "3"', {
      fields: [{ field: 'If-Match', message: 'must be an ETag such as "3"' }],
    });
  }
  return Number(match[1]);
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
}
