import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { TIMELINE_FORMATS, type ExportFormat } from '../exports/negotiation';
import { TimelineExporter } from '../exports/timeline-exporter';
import { ReadModelService } from '../read-model/read-model.service';
import { UsageError, withCliContext } from './cli-context';
import { printJson, progressBar } from './progress';
import { catchUp } from './read-side';

const EXPORT_FORMATS = TIMELINE_FORMATS.filter((f): f is ExportFormat => f !== 'json');

interface ExportOptions {
  readonly format: string;
  readonly asOf?: string;
  readonly out?: string;
  readonly includeRetracted?: boolean;
}

function exportFormat(raw: string): ExportFormat {
  const format = raw.toLowerCase() === 'ical' ? 'ics' : raw.toLowerCase();
  const known = EXPORT_FORMATS.find((f) => f === format);
  if (known === undefined) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${raw}"`);
  }
  return known;
}

/**
 * Writes the chunks as they come to a file next to the target and renames it when the export is
 * complete, so an interrupted or failed export never leaves a truncated file where a complete one
 * is expected. pipeline() waits for the file to take each chunk before pulling the next page.
 */
async function writeThenRename(path: string, chunks: AsyncIterable<string>): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  try {
    await pipeline(chunks, createWriteStream(partial));
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * `export --format <f> [--as-of <when>] [--out <file>]`: the same export as
 * `GET /timeline?format=`, from this instance's read model once it has caught up with the store.
 * Without --out the document goes to stdout (pipe it); with --out, stdout gets a JSON summary.
 */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export the whole timeline as CSV, NDJSON, TimelineJS JSON or iCalendar')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(', '))
    .option('--as-of <when>', 'an RFC 3339 instant (2024-04-12T00:00:00Z) or position:<n>')
    .option('--out <file>', 'write the export to this file instead of stdout')
    .option('--include-retracted', 'also export items that stood retracted (ics: CANCELLED)')
    .action(async (options: ExportOptions) => {
      const format = exportFormat(options.format);
      // The export streams while the read model is open, so it is written inside the context.
      const summary = await withCliContext({ readSide: true }, async ({ app, signal }) => {
        await catchUp(
          app.get(ReadModelService),
          app.get<EventStore>(EVENT_STORE),
          progressBar('catch up |{bar}| {value}/{total}'),
        );
        const query = {
          ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
          includeRetracted: options.includeRetracted ? 'true' : 'false',
        };
        // The total is unknown until the last page: the bar counts the items read so far.
        const bar = progressBar('export {value} items');
        bar.start(0, 0);
        try {
          const file = await app.get(TimelineExporter).open(format, query, undefined, {
            signal,
            onPage: (itemsSoFar) => bar.update(itemsSoFar),
          });
          if (options.out === undefined) {
            // stdout stays open (end: false); a pipe that reads slowly holds the next page back.
            await pipeline(file.chunks, process.stdout, { end: false });
            return undefined;
          }
          await writeThenRename(options.out, file.chunks);
          return { format, items: file.itemCount(), position: file.position, out: options.out };
        } finally {
          bar.stop();
        }
      });
      if (summary !== undefined) printJson(summary);
    });
}
