import { EventEmitter } from 'node:events';
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
import { SqliteSubscription } from './sqlite-subscription';
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

const COMMITTED = 'committed';

/** Durable embedded event store on better-sqlite3. Create with `SqliteEventStore.open`. */
export class SqliteEventStore implements EventStore {
  private readonly commits = new EventEmitter().setMaxListeners(0);
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly writer: GroupCommitQueue;
  private readonly checkpointer: WalCheckpointer | null;
  private poller: NodeJS.Timeout | null = null;
  private dataVersion = 0n;
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly statements: Statements,
    private readonly options: SqliteEventStoreOptions,
  ) {
    this.checkpointer = options.checkpoints === false ? null : WalCheckpointer.start(db);
    this.writer = new GroupCommitQueue(
      db,
      statements,
      (size, wrote) => {
        options.onBatch?.(size);
        if (wrote) this.commits.emit(COMMITTED);
      },
      options.clock,
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
      return this.writer.enqueue(stream, prepareAppend(stream, events, expected), expected);
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
    const rows =
      direction === 'forwards'
        ? this.statements.readForwards.all(stream, from ?? 1, limit ?? -1)
        : this.statements.readBackwards.all(stream, from ?? Number.MAX_SAFE_INTEGER, limit ?? -1);
    return rows.map(decodeEventRow);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { after = 0n, limit } = options;
    assertPosition(after, 'after');
    if (limit !== undefined) assertPositiveInteger(limit, 'limit');
    return this.readPage(after, limit ?? -1);
  }

  subscribe(options: { readonly after?: bigint } = {}): Subscription {
    this.assertOpen();
    const after = options.after ?? 0n;
    assertPosition(after, 'after');
    const subscription = new SqliteSubscription(
      {
        readPage: (from, limit) => (this.closed ? [] : this.readPage(from, limit)),
        onCommit: (listener) => this.onCommit(listener),
      },
      after,
      (closing) => this.subscriptions.delete(closing),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.statements.headPosition.get()?.head ?? 0n;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  /** Commits appends already accepted, ends every subscription, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.flushNow();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.stopPolling();
    await this.checkpointer?.stop();
    this.db.close();
  }

  private readPage(after: bigint, limit: number): RecordedEvent[] {
    return this.statements.readAll.all(after, limit).map(decodeEventRow);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }

  /**
   * In-process commits emit directly. Commits by another process (the CLI) are only visible
   * through PRAGMA data_version, so while anyone listens a cheap unref'd timer compares it.
   */
  private onCommit(listener: () => void): () => void {
    this.commits.on(COMMITTED, listener);
    if (this.poller === null) {
      this.dataVersion = this.readDataVersion();
      this.poller = setInterval(() => {
        const current = this.readDataVersion();
        if (current !== this.dataVersion) {
          this.dataVersion = current;
          this.commits.emit(COMMITTED);
        }
      }, this.options.crossProcessPollMs ?? 200).unref();
    }
    return () => {
      this.commits.off(COMMITTED, listener);
      if (this.commits.listenerCount(COMMITTED) === 0) this.stopPolling();
    };
  }

  private readDataVersion(): bigint {
    return this.db.pragma('data_version', { simple: true }) as bigint;
  }

  private stopPolling(): void {
    if (this.poller !== null) clearInterval(this.poller);
    this.poller = null;
  }
}
