import type { RecordedEvent, Subscription } from '../event-store.port';

/** What a subscription needs from its store: pages of the global log and a commit signal. */
export interface SubscriptionSource {
  /** Events with position > after, in position order; [] when there are none (or the store closed). */
  readPage(after: bigint, limit: number): RecordedEvent[];
  /** Calls `listener` after every commit the store learns of; returns the unsubscribe function. */
  onCommit(listener: () => void): () => void;
}

const PAGE_SIZE = 512;

/**
 * Catch-up subscription: reads pages after its cursor until the log is exhausted, then sleeps
 * until the store signals a commit. The cursor only ever advances to the last delivered event,
 * and SQLite positions become visible in order, so nothing is skipped or reordered.
 */
export class SqliteSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private cursor: bigint;
  private page: RecordedEvent[] = [];
  private pageIndex = 0;
  private closed = false;
  /** Bumped on every commit signal, so a commit between reading and sleeping is never missed. */
  private commits = 0;
  private wake: (() => void) | null = null;
  /** Serialises next() calls so overlapping callers still get events one by one, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: SubscriptionSource,
    after: bigint,
    private readonly onClose: (subscription: SqliteSubscription) => void,
  ) {
    this.cursor = after;
    this.unsubscribe = source.onCommit(() => {
      this.commits += 1;
      this.wake?.();
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  next(): Promise<IteratorResult<RecordedEvent>> {
    const result = this.queue.then(() => this.nextInOrder());
    this.queue = result.catch(() => undefined);
    return result;
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.onClose(this);
    this.wake?.();
  }

  private async nextInOrder(): Promise<IteratorResult<RecordedEvent>> {
    while (!this.closed) {
      if (this.pageIndex < this.page.length) {
        const event = this.page[this.pageIndex++];
        this.cursor = event.position;
        return { done: false, value: event };
      }
      const seenCommits = this.commits;
      this.page = this.source.readPage(this.cursor, PAGE_SIZE);
      this.pageIndex = 0;
      if (this.page.length === 0 && seenCommits === this.commits && !this.closed) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
    return { done: true, value: undefined };
  }
}
