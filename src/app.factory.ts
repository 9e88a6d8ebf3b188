import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { MAX_ENTITY_ID_LENGTH, MAX_ITEM_ID_LENGTH } from '../events';
import { AppModule } from './app.module';
import { SeedOnStart } from './import/seed-on-start';
import type { AppConfig } from './config/app-config';
import { clientErrorHandler, frameworkErrors, refuseWhileClosing } from './http/framework-errors';
import { installJsonBodyParser } from './http/json-body';
import { ProblemFilter } from './http/problem.filter';
import { RequestDrain } from './http/request-drain';
import { RouteTable } from './http/route-table';
import { installSecurityHeaders } from './http/security-headers';
import { serverTimeouts } from './http/server-timeouts';
import { AppMetrics } from './metrics/app-metrics';
import { installHttpMetrics } from './metrics/http-metrics';
import { setupOpenApi } from './openapi/openapi.setup';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * The request id: the client's X-Request-Id when it is sane, else a fresh UUID. Stored on the raw
 * request too so the pino request logger prints the same id that becomes the correlation id.
 */
function requestIdFor(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  const id = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  (raw as IncomingMessage & { id?: string }).id = id;
  return id;
}

/** Builds the HTTP application; used by main.ts and by the end-to-end tests alike. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdFor,
    // Fastify's default (100) made entity ids of 101-200 characters, which writes accept,
    // unreachable: every path route answered 414. One limit: the longest id the record takes.
    routerOptions: { maxParamLength: Math.max(MAX_ENTITY_ID_LENGTH, MAX_ITEM_ID_LENGTH) },
    frameworkErrors,
    clientErrorHandler,
    // refuseWhileClosing answers those requests as problem+json instead.
    return503OnClosing: false,
    ...serverTimeouts(config),
  });
  const instance = adapter.getInstance();
  // The API takes JSON only (Nest's own parsers, which include forms, are turned off below).
  installJsonBodyParser(instance);
  refuseWhileClosing(instance);
  RequestDrain.install(instance);
  const routes = RouteTable.collect(instance);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemFilter(routes));
  installHttpMetrics(app.getHttpAdapter().getInstance(), app.get(AppMetrics));
  installSecurityHeaders(app.getHttpAdapter().getInstance());
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins],
      exposedHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'Idempotency-Key',
        'X-Request-Id',
      ],
    });
  }
  setupOpenApi(app);
  // Signals are handled by main.ts (graceful-shutdown.ts), which needs exit code 0, not a re-raised signal.
  if (config.seedOnStart) {
    await app.init();
    await app.get(SeedOnStart).run();
  }
  return app;
}
