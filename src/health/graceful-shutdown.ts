import type { Server } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RequestDrain } from '../http/request-drain';

/**
 * SIGTERM/SIGINT: stop accepting connections and let in-flight requests (appends) finish, close
 * connections whose request is still arriving (a stalled client must not hold shutdown), then
 * run Nest's shutdown (projections stop at a committed checkpoint, stores close), then exit 0.
 * If that takes longer than the deadline, exit 1 so the orchestrator knows it was cut short.
 *
 * The HTTP server is closed first on purpose: Nest's own close() runs module destroy hooks
 * (closing the read model) while the server still takes requests.
 */
export function installGracefulShutdown(
  app: NestFastifyApplication,
  deadlineMs: number,
  logger: LoggerService,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining requests (deadline ${deadlineMs} ms)`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(
        `shutdown did not finish within ${deadlineMs} ms; exiting`,
        undefined,
        'Shutdown',
      );
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    void drainAndClose(app).then(
      () => {
        logger.log('shutdown complete', 'Shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${(error as Error).message}`, undefined, 'Shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function drainAndClose(app: NestFastifyApplication): Promise<void> {
  // Keep-alive connections that finish their last request after close() began would otherwise
  // hold the server open until the keep-alive timeout; close each as soon as it is idle.
  const server = app.getHttpServer() as Server;
  const instance = app.getHttpAdapter().getInstance();
  const sweeper = setInterval(() => server.closeIdleConnections(), 25);
  try {
    const closed = instance.close();
    // Requests that arrived whole (an append under way) are answered; a client still sending
    // its request would hold the server until its timeout, so it is answered 503 and closed, and
    // what is left (a request line or headers half sent) is closed without an answer.
    const drain = RequestDrain.of(instance);
    if (drain) {
      await drain.handled();
      await drain.refuseArriving();
    }
    server.closeAllConnections();
    await closed;
  } finally {
    clearInterval(sweeper);
  }
  await app.close();
}
