import './node-version-check';
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config';
import { readEnvironment } from './config/env-file';
import { installGracefulShutdown } from './health/graceful-shutdown';

/** Validates the configuration once; every problem is printed on its own line, then exit 2. */
function configOrExit(): AppConfig {
  try {
    return loadConfig(readEnvironment());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`config: ${problem}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const app = await createApp(config);
  const logger = app.get(Logger);
  installGracefulShutdown(app, config.shutdownDeadlineMs, logger);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw error;
    // One line a user can act on instead of a stack; the store closes cleanly before exit.
    console.error(listenProblem(code, config));
    await app.close();
    process.exit(1);
  }
  // The address the socket really listens on (PORT=0 picks a free port; HOST=0.0.0.0 means every
  // interface, which getUrl() would report as 127.0.0.1), logged as JSON like everything else.
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  const everywhere = address === '0.0.0.0' || address === '::';
  const hint = everywhere ? ` (every interface; open http://localhost:${port}/)` : '';
  logger.log(`policy-timeline listening on http://${shown}:${port}${hint}`, 'Main');
}

function listenProblem(code: string, config: AppConfig): string {
  const where = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') {
    return `policy-timeline: port ${config.port} is already in use on ${config.host}; stop the other process or set PORT to another port (PORT=0 picks a free one)`;
  }
  if (code === 'EACCES') {
    return `policy-timeline: not allowed to listen on ${where}; ports below 1024 need privileges, so set PORT to 1024 or above`;
  }
  return `policy-timeline: cannot listen on ${where}: HOST=${config.host} is not an address of this machine; set HOST (0.0.0.0 for every interface, 127.0.0.1 for this machine only)`;
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
