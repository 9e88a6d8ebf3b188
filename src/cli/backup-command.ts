import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import type { VerifyReport } from '../audit/audit-run';
import { loadConfig } from '../config/app-config';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import { verifyWithProgress } from './audit-commands';
import { EXIT, interruptible, UsageError } from './cli-context';
import { printJson, progressBar } from './progress';

/**
 * `backup --out <file>`: a consistent copy of the SQLite event store, taken while the service
 * runs (SQLite's online backup), then verified like `verify` before it gets its name. The JSON
 * result carries the copy's position and log digest: `verify --position P --digest D` against the
 * live store later proves that the live log still extends the backup.
 */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description(
      'copy the SQLite event store consistently (the service may keep running) and verify the copy',
    )
    .requiredOption('--out <file>', 'the backup file to write (must not exist)')
    .action(async (options: { out: string }) => {
      const config = loadConfig();
      if (config.eventStore !== 'sqlite') {
        throw new UsageError(
          'backup copies the SQLite event store; back up KurrentDB with its own tools',
        );
      }
      const out = resolve(options.out);
      if (out === config.sqlitePath) throw new UsageError('--out is the event store itself');
      if (existsSync(out)) throw new UsageError(`--out ${out} exists; choose a new file`);
      if (!existsSync(config.sqlitePath)) {
        throw new UsageError(`no event store at ${config.sqlitePath} (SQLITE_PATH / DATA_DIR)`);
      }
      // Written aside and renamed only once verified: a file named by --out is a good backup.
      const partial = `${out}.partial`;
      const removePartial = () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
      };
      removePartial();
      // Ctrl-C stops between copy steps or verification pages; the partial file goes either way.
      try {
        await interruptible(async (signal) => {
          await copyStore(config.sqlitePath, partial, signal);
          const report = await verifyCopy(partial, signal);
          if (!report.ok) {
            printJson({ ok: false, file: out, verification: report });
            process.exitCode = EXIT.failureFound;
            return;
          }
          renameSync(partial, out);
          printJson({ ...report, file: out, bytes: statSync(out).size });
        });
      } finally {
        removePartial();
      }
    });
}

/**
 * Pages in fiftieths, for the progress bar. A write by the running service between two steps
 * makes SQLite restart the copy; after one restart the rest is copied in a single step (one read
 * transaction, which the service's writes do not wait for in WAL mode), so it always finishes.
 */
async function copyStore(source: string, target: string, signal: AbortSignal): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  const bar = progressBar('backup |{bar}| {percentage}% | {value}/{total} pages');
  bar.start(1, 0);
  let remaining = Infinity;
  let restarted = false;
  try {
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        signal.throwIfAborted();
        if (remainingPages > remaining) restarted = true;
        remaining = remainingPages;
        bar.setTotal(totalPages);
        bar.update(totalPages - remainingPages);
        return restarted ? totalPages : Math.max(100, Math.ceil(totalPages / 50));
      },
    });
    bar.update(bar.getTotal());
  } finally {
    bar.stop();
    db.close();
  }
}

/** The copy's hash chains and log digest, recomputed from the copy alone. */
async function verifyCopy(path: string, signal: AbortSignal): Promise<VerifyReport> {
  const store = SqliteEventStore.open({ path });
  try {
    return await verifyWithProgress(store, await store.headPosition(), signal);
  } finally {
    await store.close();
  }
}
