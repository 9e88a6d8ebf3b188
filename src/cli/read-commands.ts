import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { ItemDoc } from '../read-model/item-doc';
import { ReadModelService } from '../read-model/read-model.service';
import { ReadQueries } from '../read-model/read-queries';
import { UsageError, withCliContext } from './cli-context';
import { printJson, progressBar } from './progress';
import { catchUp, ProjectionFailedError } from './read-side';

const PAGE = '500';

/** One line per item: when it occurred, its type and headline, and whether it stood retracted. */
function describeItem(item: ItemDoc): string {
  const when =
    item.earliest === item.latest
      ? (item.earliest ?? '?')
      : `${item.earliest ?? '..'}/${item.latest ?? '..'}`;
  const headline = (item.fact as { headline?: unknown }).headline;
  const flag = item.status === 'retracted' ? '  [retracted]' : '';
  return `${when}\t${item.type}\t${String(headline ?? item.itemId)}${flag}`;
}

export function registerReadCommands(program: Command): void {
  program
    .command('replay')
    .description(
      'print the timeline as it stood at an instant or a log position (items later corrected appear as they were)',
    )
    .requiredOption('--as-of <when>', 'an RFC 3339 instant (2024-04-12T00:00:00Z) or position:<n>')
    .option('--json', 'one JSON item per line instead of a readable line')
    .option('--include-retracted', 'also list items that stood retracted at that moment')
    .action(async (options: { asOf: string; json?: boolean; includeRetracted?: boolean }) => {
      await withCliContext({ readSide: true }, async ({ app, signal }) => {
        const readModel = app.get(ReadModelService);
        await catchUp(
          readModel,
          app.get<EventStore>(EVENT_STORE),
          progressBar('catch up |{bar}| {value}/{total}'),
        );
        const queries = app.get(ReadQueries);
        let cursor: string | undefined;
        do {
          signal.throwIfAborted();
          const page = await queries.timeline({
            asOf: options.asOf,
            limit: PAGE,
            includeRetracted: options.includeRetracted ? 'true' : 'false',
            cursor,
          });
          for (const item of page.items) {
            process.stdout.write(`${options.json ? JSON.stringify(item) : describeItem(item)}\n`);
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
      });
    });

  program
    .command('rebuild')
    .description('rebuild a projection side by side from position 0 and swap it in when caught up')
    .argument('<projection>', 'projection name (see GET /admin/projections)')
    .action(async (name: string) => {
      const status = await withCliContext({ readSide: true }, async ({ app, signal }) => {
        const readModel = app.get(ReadModelService);
        const slot = readModel.slot(name);
        if (!slot) {
          const known = (await readModel.status()).map((s) => s.name).join(', ');
          throw new UsageError(`no projection named "${name}" (known: ${known})`);
        }
        slot.rebuild();
        const bar = progressBar(`rebuild ${name} |{bar}| {percentage}%`);
        bar.start(100, 0);
        try {
          for (;;) {
            signal.throwIfAborted();
            const current = (await readModel.status()).find((s) => s.name === name)!;
            if (current.rebuild?.state === 'failed' || current.state === 'failed') {
              throw new ProjectionFailedError(
                `rebuild of ${name} failed: ${JSON.stringify(current.rebuild?.failure ?? current.failure)}`,
              );
            }
            // After the swap the new generation may still be catching up on the events appended
            // during the rebuild; the command reports the state it leaves, so it waits for live.
            if (current.rebuild === null && current.state === 'live') return current;
            if (current.rebuild === null) bar.update(100);
            else bar.update(Math.floor(current.rebuild.progressPercent));
            await sleep(250, undefined, { signal });
          }
        } finally {
          bar.stop();
        }
      });
      printJson(status);
    });
}
