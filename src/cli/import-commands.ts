import type { Command } from 'commander';
import { loadSeedCommands } from '../../events/seed';
import {
  CommandImporter,
  describeMatch,
  type ImportProgress,
  type MatchedRecord,
} from '../import/command-importer';
import type { SourcedRecord } from '../import/import-command';
import { readImportRecords, recordsOf } from '../import/import-source';
import { withCliContext } from './cli-context';
import { printJson, progressBar } from './progress';

const RECORDED_BY = 'cli-import';

async function runImport(
  records: AsyncIterable<SourcedRecord> | Iterable<SourcedRecord>,
  total: number | null,
  recordedBy: string,
) {
  return withCliContext({ readSide: false }, async ({ app, signal }) => {
    const bar = progressBar(
      total === null
        ? 'import | {value} records | {appended} appended, {alreadyPresent} already present'
        : 'import |{bar}| {value}/{total} records | {appended} appended, {alreadyPresent} already present',
    );
    bar.start(total ?? 0, 0, { appended: 0, alreadyPresent: 0 });
    const onProgress = (p: ImportProgress) =>
      bar.update(p.processed, { appended: p.appended, alreadyPresent: p.alreadyPresent });
    const matched: MatchedRecord[] = [];
    const onMatched = (record: MatchedRecord) => matched.push(record);
    try {
      return await app
        .get(CommandImporter)
        .importAll(records, { recordedBy, signal, onProgress, onMatched });
    } finally {
      bar.stop();
      for (const record of matched) process.stderr.write(`note: ${describeMatch(record)}\n`);
    }
  });
}

export function registerImportCommands(program: Command): void {
  program
    .command('seed')
    .description(
      'import the seed story (events/seed) through the command path; a second run appends nothing',
    )
    .action(async () => {
      const commands = loadSeedCommands();
      printJson(await runImport(recordsOf(commands, 'seed record'), commands.length, 'seed'));
    });

  program
    .command('import')
    .description(
      'import commands (seed format) from a .json array, an .ndjson/.jsonl file, or a directory of them; idempotent',
    )
    .argument('<path>', 'file or directory')
    .option('--recorded-by <name>', 'principal recorded on the imported events', RECORDED_BY)
    .action(async (path: string, options: { recordedBy: string }) => {
      printJson(await runImport(readImportRecords(path), null, options.recordedBy));
    });
}
