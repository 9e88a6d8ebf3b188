import type Database from 'better-sqlite3';
import type { AppendResult, ExpectedVersion } from '../event-store.port';
import type { PreparedEvent } from '../append-validation';
import type { Statements } from './sqlite-schema';
import { writeAppend } from './write-append';

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly PreparedEvent[];
  readonly expected: ExpectedVersion;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Settlement =
  | { readonly ok: true; readonly result: AppendResult }
  | { readonly ok: false; readonly error: unknown };

/** Upper bound on appends per transaction, so one huge burst cannot stall the event loop for long. */
const MAX_APPENDS_PER_TRANSACTION = 1024;

/**
 * Group commit: every append that arrives before the next turn of the event loop is written in
 * ONE transaction, so they share one WAL fsync — that is where throughput comes from. Each append
 * runs in its own SAVEPOINT, so a conflict or duplicate rolls back that append alone. Promises
 * settle only after COMMIT returns, i.e. after the data is durable at the configured level.
 */
export class GroupCommitQueue {
  private pending: PendingAppend[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    /** Called after each committed transaction with its append count and whether it wrote rows. */
    private readonly afterCommit: (size: number, wrote: boolean) => void,
    private readonly clock: () => Date = () => new Date(),
    /** Runs before each transaction; throwing refuses the whole batch (the file was replaced). */
    private readonly beforeBatch: () => void = () => undefined,
  ) {}

  enqueue(
    stream: string,
    events: readonly PreparedEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ stream, events, expected, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flushNow());
      }
    });
  }

  /** Writes everything queued now (also used by close() so accepted appends are not lost). */
  flushNow(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      this.commitBatch(this.pending.splice(0, MAX_APPENDS_PER_TRANSACTION));
    }
  }

  private commitBatch(batch: readonly PendingAppend[]): void {
    const settlements: Settlement[] = [];
    let wrote = false;
    try {
      this.beforeBatch();
      this.db.exec('BEGIN IMMEDIATE');
      // Never before the last recorded event (read inside the write lock, so other processes
      // writing the file count too): "as of instant T" must be a prefix of the log, and a clock
      // stepped back (NTP, a VM resumed) would otherwise record later events at earlier instants.
      const now = this.clock().toISOString();
      const last = this.statements.lastRecordedAt.get();
      const recordedAt = last !== undefined && last > now ? last : now;
      for (const append of batch) {
        this.statements.savepoint.run();
        try {
          const outcome = writeAppend(
            this.statements,
            append.stream,
            append.events,
            append.expected,
            recordedAt,
          );
          this.statements.release.run();
          wrote ||= outcome.wrote;
          settlements.push({ ok: true, result: outcome.result });
        } catch (error) {
          // A full disk or an I/O error makes SQLite roll the whole transaction back: every
          // append of the batch is gone with it, so the batch fails with the original error
          // (ROLLBACK TO would only fail with "no such savepoint").
          if (!this.db.inTransaction) throw error;
          this.statements.rollbackToSavepoint.run();
          this.statements.release.run();
          settlements.push({ ok: false, error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      // BEGIN or COMMIT itself failed (disk full, I/O error, lock timeout): nothing is durable.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const append of batch) append.reject(error);
      return;
    }
    batch.forEach((append, index) => {
      const settlement = settlements[index];
      if (settlement.ok) append.resolve(settlement.result);
      else append.reject(settlement.error);
    });
    this.afterCommit(batch.length, wrote);
  }
}
