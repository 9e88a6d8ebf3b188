import Database from 'better-sqlite3';
import { EventStoreValidationError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../event-store.port';
import {
  assertName,
  assertPosition,
  assertPositiveInteger,
  prepareAppend,
} from '../append-validation';
import { GroupCommitQueue } from './group-commit-queue';
import {
  decodeEventRow,
  prepareDatabase,
  prepareStatements,
  type SqliteSynchronous,
  type Statements,
} from './sqlite-schema';
import { CommitSignal } from './commit-signal';
import { SqliteSubscription } from './sqlite-subscription';
import { StorageHealth } from './storage-health';
import { WalCheckpointer } from '../../shared/wal-checkpointer';

export interface SqliteEventStoreOptions {
  /** File path (":memory:" works for throwaway use, but then nothing is durable). */
  readonly path: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL: survives a process crash. */
  readonly synchronous?: SqliteSynchronous;
  /** Observer called with the number of appends committed by each transaction (for metrics). */
  readonly onBatch?: (size: number) => void;
  /** How often live subscriptions look for commits made by other processes. Default 200 ms. */
  readonly crossProcessPollMs?: number;
  /**
   * false for a second connection that only reads (the projection thread's): the writer's
   * connection already checkpoints the WAL from a worker. Default true.
   */
  readonly checkpoints?: boolean;
  /** The wall clock recordedAt is taken from (tests step it back). */
  readonly clock?: () => Date;
}

/** Durable embedded event store on better-sqlite3. Create with `SqliteEventStore.open`. */
export class SqliteEventStore implements EventStore {
  private readonly commits: CommitSignal;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly writer: GroupCommitQueue;
  private readonly checkpointer: WalCheckpointer | null;
  private closed = false;
  private readonly health: StorageHealth;

  private constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.checkpointer = options.checkpoints === false ? null : WalCheckpointer.start(db);
    this.health = new StorageHealth(options.path);
    this.commits = new CommitSignal(db, options.crossProcessPollMs ?? 200);
    this.writer = new GroupCommitQueue(
      db,
      statements,
      (size, wrote) => {
        options.onBatch?.(size);
        if (wrote) this.commits.committed();
      },
      options.clock,
      () => this.health.assertSameFile(),
    );
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const db = new Database(options.path);
    try {
      prepareDatabase(db, options.synchronous ?? 'FULL');
      return new SqliteEventStore(db, prepareStatements(db), options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  append(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      const prepared = prepareAppend(stream, events, expected);
      return this.writer.enqueue(stream, prepared, expected).then(
        (result) => (this.health.succeeded(), result),
        (error: unknown) => Promise.reject(this.health.failed(error, 'append')),
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertName(stream, 'stream');
    const { direction = 'forwards', from, limit } = options;
    if (direction !== 'forwards' && direction !== 'backwards') {
      throw new EventStoreValidationError('direction', "must be 'forwards' or 'backwards'");
    }
    if (from !== undefined) assertPositiveInteger(from, 'from');
    if (limit !== undefined) assertPositiveInteger(limit, 'limit');
    return this.guarded('read a stream', () =>
      (direction === 'forwards'
        ? this.statements.readForwards.all(stream, from ?? 1, limit ?? -1)
        : this.statements.readBackwards.all(stream, from ?? Number.MAX_SAFE_INTEGER, limit ?? -1)
      ).map(decodeEventRow),
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { limit } = options;
    const after = startAfter(options);
    if (limit !== undefined) assertPositiveInteger(limit, 'limit');
    return this.guarded('read the log', () => this.readPage(after, limit ?? -1));
  }

  subscribe(options: { readonly after?: bigint } = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? 0n;
    assertPosition(after, 'after');
    const subscription = new SqliteSubscription(
      {
        readPage: (from, limit) =>
          this.closed ? [] : this.guarded('follow the log', () => this.readPage(from, limit)),
        onCommit: (listener) => this.commits.listen(listener),
      },
      after,
      (closing) => this.subscriptions.delete(closing),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.guarded('read the head', () => this.statements.headPosition.get()?.head ?? 0n);
  }

  /** Fails when the file was deleted or replaced, or when writes fail (see StorageHealth). */
  async ping(): Promise<void> {
    this.assertOpen();
    const problem = this.health.problem();
    if (problem !== null) throw new Error(problem);
    this.guarded('ping', () => this.db.prepare('SELECT 1').get());
  }

  /** SQLite's quick_check (or integrity_check): its findings, up to 100; none when sound. */
  async checkStorage(full: boolean): Promise<readonly string[]> {
    this.assertOpen();
    return this.guarded('check the file', () => this.health.check(this.db, full));
  }

  /** Commits appends already accepted, ends every subscription, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.flushNow();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.commits.stop();
    await this.checkpointer?.stop();
    this.db.close();
  }

  private readPage(after: bigint, limit: number): RecordedEvent[] {
    return this.statements.readAll.all(after, limit).map(decodeEventRow);
  }

  /** Runs a read, turning SQLite's storage failures into StorageErrors (503 or 500, never 400). */
  private guarded<T>(doing: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw this.health.failed(error, doing);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** SQLite positions are consecutive integers, so `from` is the same read as `after: from - 1`. */
function startAfter(options: ReadAllOptions): bigint {
  if (options.from !== undefined) {
    if (options.after !== undefined) {
      throw new EventStoreValidationError('from', 'cannot be combined with after');
    }
    assertPosition(options.from, 'from');
    return options.from > 0n ? options.from - 1n : 0n;
  }
  const after = options.after ?? 0n;
  assertPosition(after, 'after');
  return after;
}
