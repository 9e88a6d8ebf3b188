import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorCode } from './error-catalogue';
import { problemBody, PROBLEM_CONTENT_TYPE } from './problem-body';
import { recordProblemCode } from './problem-log';

/**
 * The answers Fastify and Node's HTTP parser give before any route runs, rendered as
 * problem+json like every other error: a path parameter over the router's limit (414), a URL
 * that does not decode (400), a request the parser refuses (431 headers too large, 400 bad
 * request line, 408 request timeout) and requests that arrive while the service shuts down (503).
 */
const logger = new Logger('HttpEdge');

export function frameworkErrors(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const code: ErrorCode =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'BAD_REQUEST';
  const detail =
    code === 'URI_TOO_LONG'
      ? 'A path segment is longer than any id the service accepts'
      : 'The URL is not valid (it does not decode)';
  const problem = new ApiError(code, detail);
  recordProblemCode(reply.raw, code);
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemBody(problem, request.url));
}

const CLIENT_ERRORS: Readonly<Record<string, ErrorCode>> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/** Node's `clientError`: the request never became one, so the answer is written on the socket. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = CLIENT_ERRORS[error.code ?? ''] ?? 'BAD_REQUEST';
  const problem = new ApiError(
    code,
    code === 'HEADERS_TOO_LARGE'
      ? 'The request line and headers are larger than the server accepts (16 KB)'
      : code === 'REQUEST_TIMEOUT'
        ? 'The request was not received in time'
        : `The request is not valid HTTP (${error.code ?? error.message})`,
  );
  logger.warn(
    `refused a request before routing: ${problem.status} ${code} (${error.code ?? error.message})`,
  );
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(problemBody(problem, null));
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * Requests that arrive once shutdown has begun get a problem+json 503 with Retry-After (so a load
 * balancer or client retries elsewhere), in place of Fastify's own JSON 503.
 */
export function refuseWhileClosing(instance: FastifyInstance): void {
  let closing = false;
  instance.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  instance.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    const problem = new ApiError('SHUTTING_DOWN', 'The service is shutting down; retry shortly', {
      headers: { 'retry-after': '5' },
    });
    recordProblemCode(reply.raw, problem.code);
    void reply
      .status(problem.status)
      .header('retry-after', '5')
      .header('connection', 'close')
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problemBody(problem, request.url));
  });
}
