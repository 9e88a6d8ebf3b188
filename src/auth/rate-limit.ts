import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { requiredAccess } from './access-policy';
import type { KeyRing } from './key-ring';
import { SlidingWindowStorage } from './sliding-window-storage';

type RateConfig = Pick<AppConfig, 'rateLimitPerKey' | 'rateLimitAnonymous' | 'rateLimitWindowMs'>;

/**
 * One bucket per API key, one per client IP for requests without a (valid) key. Probes, metrics
 * and docs are not limited: an orchestrator must always be able to ask whether we are alive.
 * The limiter identifies the key itself (without refusing) so it also slows down key guessing.
 */
export function rateLimitOptions(config: RateConfig, keys: KeyRing): ThrottlerModuleOptions {
  const requestOf = (context: ExecutionContext) =>
    context.switchToHttp().getRequest<FastifyRequest>();
  const keyName = (request: FastifyRequest) => keys.identify(request)?.name;
  return {
    storage: new SlidingWindowStorage(),
    throttlers: [
      {
        name: 'default',
        ttl: config.rateLimitWindowMs,
        limit: (context) =>
          keyName(requestOf(context)) === undefined
            ? config.rateLimitAnonymous
            : config.rateLimitPerKey,
      },
    ],
    getTracker: (request) => {
      const name = keyName(request as FastifyRequest);
      return name === undefined ? `ip:${(request as FastifyRequest).ip}` : `key:${name}`;
    },
    skipIf: (context) => {
      if (context.getType() !== 'http') return true;
      const request = requestOf(context);
      const path = request.url.split('?')[0];
      return (
        requiredAccess({ method: request.method, path, query: {}, accept: undefined }) === 'public'
      );
    },
    errorMessage: (_context, detail) =>
      `rate limit of ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s reached; retry after ${detail.timeToBlockExpire} s`,
  };
}
