import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './error-catalogue';
import { problemBody, PROBLEM_CONTENT_TYPE } from './problem-body';
import { recordProblemCode } from './problem-log';

const drains = new WeakMap<FastifyInstance, RequestDrain>();

/**
 * The requests the server is answering, so that shutdown can tell those worth waiting for
 * (received whole and being handled: an append under way) from those a slow or stalled client is
 * still sending, which would hold the server open until their timeout and the process past its
 * shutdown deadline.
 */
export class RequestDrain {
  private readonly open = new Map<FastifyRequest, FastifyReply>();

  /** Call before the app is ready (hooks cannot be added later). */
  static install(instance: FastifyInstance): RequestDrain {
    const drain = new RequestDrain();
    instance.addHook('onRequest', (request, reply, done) => {
      drain.open.set(request, reply);
      done();
    });
    instance.addHook('onResponse', (request, _reply, done) => {
      drain.open.delete(request);
      done();
    });
    instance.addHook('onRequestAbort', (request, done) => {
      drain.open.delete(request);
      done();
    });
    drains.set(instance, drain);
    return drain;
  }

  static of(instance: FastifyInstance): RequestDrain | undefined {
    return drains.get(instance);
  }

  /** Resolves once no request that arrived whole is still waiting for its answer. */
  async handled(pollMs = 10): Promise<void> {
    // A change feed never finishes by itself: it is not waited for; the sockets closed next end it
    // and its client resumes elsewhere from its Last-Event-ID.
    const waited = ([request, reply]: [FastifyRequest, FastifyReply]) =>
      request.raw.complete && !isEventStream(reply);
    while (this.live().some(waited)) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * Answers each request whose body is still arriving 503 SHUTTING_DOWN (problem+json, with
   * Retry-After and Connection: close, so Node closes the socket once the answer is written), and
   * resolves when those sockets have closed.
   */
  async refuseArriving(): Promise<number> {
    const arriving = this.live().filter(([request]) => !request.raw.complete);
    const closed = arriving.map(([request, reply]) => {
      const socket = request.raw.socket;
      if (reply.sent || reply.raw.headersSent) socket.destroy();
      else refuse(request, reply);
      return closedSocket(socket);
    });
    await Promise.all(closed);
    return arriving.length;
  }

  private live(): [FastifyRequest, FastifyReply][] {
    return [...this.open].filter(([request]) => !request.raw.socket?.destroyed);
  }
}

function isEventStream(reply: FastifyReply): boolean {
  return String(reply.raw.getHeader('content-type') ?? '').startsWith('text/event-stream');
}

function refuse(request: FastifyRequest, reply: FastifyReply): void {
  const problem = new ApiError(
    'SHUTTING_DOWN',
    'The service is shutting down and the request had not arrived whole; send it again',
  );
  recordProblemCode(reply.raw, problem.code);
  void reply
    .status(problem.status)
    .header('retry-after', '5')
    .header('connection', 'close')
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(problemBody(problem, request.url));
}

function closedSocket(socket: Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
