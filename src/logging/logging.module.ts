import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

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
            customProps: (req) => {
              const principal = (req as RawRequest).principalName;
              return principal ? { principal } : {};
            },
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
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
