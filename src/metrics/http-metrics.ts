import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './app-metrics';

/**
 * Times every request with Fastify's own clock, labelled by route pattern (`/items/:itemId`, not
 * the concrete URL, so label cardinality stays bounded).
 */
export function installHttpMetrics(fastify: FastifyInstance, metrics: AppMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
