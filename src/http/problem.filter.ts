import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventStoreValidationError } from '../event-store/event-store.errors';
import { DomainError, EXPECTED_VERSION_FIELD } from '../shared/domain-error';
import { ApiError, type ErrorCode, type FieldProblem } from './error-catalogue';
import { problemBody, PROBLEM_CONTENT_TYPE } from './problem-body';
import { recordProblemCode } from './problem-log';
import type { RouteTable } from './route-table';

/** Maps every error (ours, Nest's, Fastify's) to RFC 9457 application/problem+json in one place. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  /** `routes`: what the app serves, so a known path with another method is a 405, not a 404. */
  constructor(private readonly routes?: RouteTable) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const error = this.refine(toApiError(exception), request);
    if (error.code === 'INTERNAL')
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    recordProblemCode(reply.raw, error.code);
    for (const [name, value] of Object.entries(error.extras.headers ?? {})) {
      void reply.header(name, value);
    }
    void reply
      .status(error.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemBody(error, request.url));
  }

  /** Errors whose best wording depends on the request: the route's methods, the content type sent. */
  private refine(error: ApiError, request: FastifyRequest): ApiError {
    const path = request.url.split('?')[0];
    if (error.code === 'ROUTE_NOT_FOUND' && this.routes) {
      const allowed = this.routes.allowedMethods(path);
      if (allowed.length > 0) {
        return new ApiError(
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed on ${path}; it takes ${allowed.join(', ')}`,
          { headers: { allow: allowed.join(', ') } },
        );
      }
    }
    if (error.code === 'UNSUPPORTED_MEDIA_TYPE') {
      const sent = request.headers['content-type'] ?? 'none';
      return new ApiError(
        'UNSUPPORTED_MEDIA_TYPE',
        `The body must be JSON with Content-Type: application/json (this request sent ${sent}); with curl, add -H 'content-type: application/json'`,
      );
    }
    return error;
  }
}

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
};

/** A domain field name as the request carries it: the expected version travels in If-Match. */
function atTheEdge(problem: FieldProblem): FieldProblem {
  return problem.field === EXPECTED_VERSION_FIELD ? { ...problem, field: 'If-Match' } : problem;
}

function toApiError(exception: unknown): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof DomainError) {
    const fields = exception.fields.map(atTheEdge);
    return new ApiError(exception.code, exception.message, {
      ...(fields.length > 0 ? { fields } : {}),
      ...exception.details,
    });
  }
  if (exception instanceof EventStoreValidationError) {
    return ApiError.validation([{ field: exception.field, message: exception.message }]);
  }
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException whose cause keeps the code.
  const fastifyCode =
    (exception as { code?: unknown })?.code ??
    (exception as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    return new ApiError(FASTIFY_CODES[fastifyCode], (exception as Error).message);
  }
  if (exception instanceof SyntaxError && /JSON/i.test(exception.message)) {
    return new ApiError('MALFORMED_JSON', exception.message);
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const byStatus: Partial<Record<number, ErrorCode>> = {
      400: 'VALIDATION_FAILED',
      401: 'UNAUTHENTICATED',
      403: 'FORBIDDEN',
      404: 'ROUTE_NOT_FOUND',
      405: 'METHOD_NOT_ALLOWED',
      406: 'NOT_ACCEPTABLE',
      413: 'PAYLOAD_TOO_LARGE',
      415: 'UNSUPPORTED_MEDIA_TYPE',
      429: 'RATE_LIMITED',
    };
    const code = byStatus[status];
    if (code) return new ApiError(code, exception.message);
  }
  return new ApiError('INTERNAL', 'An unexpected error occurred; it has been logged.');
}
