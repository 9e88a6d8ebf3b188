import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type AppConfig } from '../config/app-config';
import { CliModule } from './cli.module';

/** Exit codes every command keeps (documented in `--help`). */
export const EXIT = { ok: 0, failureFound: 1, usage: 2, interrupted: 130 } as const;

/** A mistake in how the command was called: exit code 2, the message names the option. */
export class UsageError extends Error {}

export interface CliRun {
  readonly app: INestApplicationContext;
  readonly config: AppConfig;
  /** Aborted on Ctrl-C / SIGTERM, so long jobs stop between whole records or pages. */
  readonly signal: AbortSignal;
}

/**
 * Boots the standalone context (no HTTP server), runs one command, and always closes the
 * context so the SQLite files are checkpointed and released, even when the command fails.
 */
export async function withCliContext<T>(
  options: { readonly readSide: boolean },
  body: (run: CliRun) => Promise<T>,
): Promise<T> {
  // A one-shot command reads what it projects: a projection thread would only add its start-up.
  const config: AppConfig = { ...loadConfig(), projectionThread: false };
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, options), {
    logger:
      config.logLevel === 'debug' ? ['fatal', 'error', 'warn', 'log', 'debug'] : ['fatal', 'error'],
    abortOnError: false,
  });
  try {
    return await interruptible((signal) => body({ app, config, signal }));
  } finally {
    await app.close();
  }
}

/** Runs `body` with a signal that Ctrl-C / SIGTERM abort (reason "interrupted", exit 130). */
export async function interruptible<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    return await body(controller.signal);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/** `--position 12`: a decimal global position. */
export function parsePositionOption(raw: string | undefined, option: string): bigint | undefined {
  if (raw === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(raw))
    throw new UsageError(`${option} must be a decimal integer, got "${raw}"`);
  return BigInt(raw);
}
