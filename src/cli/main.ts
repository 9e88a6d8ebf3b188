#!/usr/bin/env node
import '../node-version-check';
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ImportRecordError } from '../import/import-command';
import { registerAuditCommands } from './audit-commands';
import { registerBackupCommand } from './backup-command';
import { EXIT, UsageError } from './cli-context';
import { registerExportCommand } from './export-command';
import { registerImportCommands } from './import-commands';
import { registerKeyCommands } from './key-commands';
import { registerReadCommands } from './read-commands';
import { registerVerifyProofCommand } from './verify-proof-command';
import { ProjectionFailedError } from './read-side';
import { ApiError } from '../http/error-catalogue';

/**
 * `policy-timeline <command>`: the same Nest modules as the service, booted as a standalone
 * context (no HTTP). Exit codes: 0 ok, 1 a failure was found (verify failed, a record was
 * refused), 2 usage error, 130 interrupted. Configuration comes from the same environment
 * variables as the service (DATA_DIR, SQLITE_PATH, ...).
 */
export function buildProgram(): Command {
  const program = new Command('policy-timeline')
    .description(
      'Policy Timeline command-line tool: import, audit, replay and export the event log',
    )
    .addHelpText('after', '\nExit codes: 0 ok, 1 failure found, 2 usage error, 130 interrupted.')
    .exitOverride()
    .showHelpAfterError();
  registerImportCommands(program);
  registerAuditCommands(program);
  registerBackupCommand(program);
  registerReadCommands(program);
  registerExportCommand(program);
  registerKeyCommands(program);
  registerVerifyProofCommand(program);
  const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
  for (const command of all(program).slice(1)) command.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv as string[]);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and --version "fail" with exit code 0; everything else commander rejects is usage.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof ImportRecordError) {
    process.stderr.write(`import stopped at ${error.location}: ${error.reason}\n`);
    if (error.before) {
      const { processed, appended, alreadyPresent, matchedExisting } = error.before;
      const after =
        error.importedAfter > 0
          ? ` ${error.importedAfter} records after it, independent of it, were imported beside it.`
          : '';
      process.stderr.write(
        `${processed} earlier records were imported (${appended} appended, ${alreadyPresent} already present, ${matchedExisting} matched existing); nothing of the stopped record was written.${after}\n` +
          'Fix that record and run the same command again: records already imported are skipped.\n',
      );
    }
    return EXIT.failureFound;
  }
  if (error instanceof ApiError && error.status === 400) {
    // The read side validates --as-of exactly as it validates ?asOf= over HTTP.
    process.stderr.write(`error: ${error.detail}\n`);
    return EXIT.usage;
  }
  if (error instanceof ProjectionFailedError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.failureFound;
  }
  if (error instanceof Error && (error.message === 'interrupted' || error.name === 'AbortError')) {
    process.stderr.write(
      'interrupted: stopped at a safe point (an import keeps every whole record before it; a backup or an export to --out leaves no partial file)\n',
    );
    return EXIT.interrupted;
  }
  process.stderr.write(
    `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.failureFound;
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
