import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config';

type TimeoutConfig = Pick<
  AppConfig,
  'requestTimeoutMs' | 'connectionTimeoutMs' | 'keepAliveTimeoutMs'
>;

/**
 * How long the HTTP server waits for a client. Without a request timeout a client that sends
 * half a body holds its request (and a socket, and shutdown) forever; Node answers an expired
 * request 408 through `clientError` (framework-errors.ts renders it as problem+json).
 *
 * Node looks for expired requests on a timer (30 s by default), so a 30 s timeout could fire a
 * minute late: the timer runs at a tenth of the timeout, between 100 ms and 1 s. Headers must
 * arrive within the request timeout too (Node's default, 60 s, would otherwise be longer).
 */
export function serverTimeouts(
  config: TimeoutConfig,
): Pick<
  FastifyHttpOptions<Server>,
  'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout' | 'http'
> {
  const request = config.requestTimeoutMs;
  return {
    requestTimeout: request,
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      requestTimeout: request,
      headersTimeout: request === 0 ? 60_000 : Math.min(60_000, request),
      connectionsCheckingInterval: Math.min(1000, Math.max(100, Math.floor(request / 10) || 1000)),
    },
  };
}
