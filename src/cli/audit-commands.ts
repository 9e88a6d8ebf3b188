import type { Command } from 'commander';
import { computeLogDigest, verifyLog, type VerifyReport } from '../audit/audit-run';
import { isLogDigest } from '../audit/log-digest';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { EXIT, parsePositionOption, UsageError, withCliContext } from './cli-context';
import { printJson, progressBar } from './progress';

async function upTo(
  store: EventStore,
  raw: string | undefined,
  beyondHeadIsFinding = false,
): Promise<bigint> {
  const head = await store.headPosition();
  const position = parsePositionOption(raw, '--position') ?? head;
  if (position > head && !beyondHeadIsFinding)
    throw new UsageError(`--position ${position} is beyond the head of the log (${head})`);
  return position;
}

/** verifyLog with a progress bar on stderr (`verify`, and `backup` on its copy). */
export async function verifyWithProgress(
  store: EventStore,
  position: bigint,
  signal: AbortSignal,
  expectedDigest?: string,
  full = false,
): Promise<VerifyReport> {
  const bar = progressBar(
    'verify |{bar}| {percentage}% | position {value}/{total} | {events} events',
  );
  bar.start(Number(position), 0, { events: 0 });
  try {
    return await verifyLog(store, {
      upTo: position,
      head: await store.headPosition(),
      expectedDigest,
      full,
      signal,
      onProgress: (p) => bar.update(Number(p.position), { events: p.eventsChecked }),
    });
  } finally {
    bar.stop();
  }
}

export function registerAuditCommands(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute every stream hash chain and the log digest; exit 1 and name the first break if any',
    )
    .option('--position <n>', 'verify up to this global position (default: the head)')
    .option(
      '--digest <hex>',
      'a digest saved earlier for --position; verification fails if today’s differs',
    )
    .option('--full', 'run SQLite integrity_check instead of quick_check first (slower)')
    .action(async (options: { position?: string; digest?: string; full?: boolean }) => {
      if (options.digest !== undefined && !isLogDigest(options.digest)) {
        throw new UsageError('--digest must be 64 lowercase hex characters');
      }
      if (options.digest !== undefined && options.position === undefined) {
        throw new UsageError('--digest needs the --position it was taken at');
      }
      const report = await withCliContext({ readSide: false }, async ({ app, signal }) => {
        const store = app.get<EventStore>(EVENT_STORE);
        const position = await upTo(store, options.position, options.digest !== undefined);
        return verifyWithProgress(store, position, signal, options.digest, options.full);
      });
      printJson(report);
      process.exitCode = report.ok ? EXIT.ok : EXIT.failureFound;
    });

  program
    .command('digest')
    .description(
      'print { position, eventCount, digest } of the global log (keep it to verify later)',
    )
    .option('--position <n>', 'digest up to this global position (default: the head)')
    .action(async (options: { position?: string }) => {
      const report = await withCliContext({ readSide: false }, async ({ app, signal }) => {
        const store = app.get<EventStore>(EVENT_STORE);
        return computeLogDigest(store, await upTo(store, options.position), signal);
      });
      printJson(report);
    });
}
