import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../http/error-catalogue';
import { requiredAccess } from './access-policy';
import { hasRole, type Principal } from './api-keys';
import { KeyRing } from './key-ring';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard; its name becomes recordedBy on every event this request writes. */
    principal?: Principal;
  }
}

/** Applies ACCESS_RULES to every route; runs before any handler, so a refusal writes nothing. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly keys: KeyRing,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'allowAnonymousReads'>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const access = requiredAccess({
      method: request.method,
      path: request.url.split('?')[0],
      query: (request.query ?? {}) as Record<string, unknown>,
      accept: request.headers.accept,
    });
    if (access === 'public') return true;
    const principal = this.keys.authenticateRequest(request);
    if (principal === null) {
      if (access === 'reader' && this.config.allowAnonymousReads) return true;
      throw new ApiError(
        'UNAUTHENTICATED',
        `this endpoint needs an API key with the ${access} role`,
        {
          headers: { 'WWW-Authenticate': 'Bearer realm="policy-timeline"' },
        },
      );
    }
    request.principal = principal;
    // For the request log line (pino-http only sees the raw request).
    (request.raw as { principalName?: string }).principalName = principal.name;
    if (!hasRole(principal, access)) {
      throw new ApiError(
        'FORBIDDEN',
        `this endpoint needs the ${access} role; the key "${principal.name}" has ${principal.roles.join(', ')}`,
      );
    }
    return true;
  }
}
