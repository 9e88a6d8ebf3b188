import 'reflect-metadata';
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
  await app.listen({ port: config.port, host: config.host });
  // The real address (PORT=0 picks a free port), logged as JSON like everything else.
  logger.log(`policy-timeline listening on ${await app.getUrl()}`, 'Main');
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
