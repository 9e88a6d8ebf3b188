import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { isRetryLater, problemCodeOf } from '../http/problem-log';

type RawRequest = IncomingMessage & { id?: string; principalName?: string };

/**
 * Structured JSON logs (nestjs-pino): one line per request carrying the request id, which is
 * also the correlation id stored on events. Serializers whitelist fields, so headers
 * (Authorization!), bodies and query strings never reach the log.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<AppConfig, 'logLevel'>): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '/*path', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            // Fastify already chose the id (see app.factory genReqId) and put it on the raw request.
            genReqId: (req) => (req as RawRequest).id ?? 'unknown',
            customProps: (req, res) => {
              const principal = (req as RawRequest).principalName;
              const code = problemCodeOf(res);
              return { ...(principal ? { principal } : {}), ...(code ? { code } : {}) };
            },
            customLogLevel: (_req, res, error) =>
              error || (res.statusCode >= 500 && !isRetryLater(res))
                ? 'error'
                : res.statusCode >= 400
                  ? 'warn'
                  : 'info',
            // pino-http attaches a made-up "failed with status code" error (and its stack) to every
            // 5xx line; a retry-later 503 is the service's state, not a fault, so it goes without.
            customErrorObject: (_req, res, _error, value: Record<string, unknown>) => {
              if (!isRetryLater(res)) return value;
              const { err: _dropped, ...rest } = value;
              return rest;
            },
            customErrorMessage: (_req, res) =>
              isRetryLater(res) ? 'request refused: retry later' : 'request errored',
            serializers: {
              req: (req: RawRequest) => ({
                id: req.id,
                method: req.method,
                path: (req.url ?? '').split('?')[0],
              }),
              res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
            },
            redact: { paths: ['req.headers', 'res.headers'], remove: true },
          },
        }),
      ],
    };
  }
}
