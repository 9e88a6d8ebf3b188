import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';

const COMMITTED = 'committed';

/**
 * Tells live subscriptions that the log grew. In-process commits emit directly. Commits by
 * another process (the CLI) are only visible through PRAGMA data_version, so while anyone
 * listens a cheap unref'd timer compares it.
 */
export class CommitSignal {
  private readonly commits = new EventEmitter().setMaxListeners(0);
  private poller: NodeJS.Timeout | null = null;
  private dataVersion = 0n;

  constructor(
    private readonly db: Database.Database,
    private readonly pollMs: number,
  ) {}

  committed(): void {
    this.commits.emit(COMMITTED);
  }

  /** Calls `listener` after each commit; returns the function that stops it. */
  listen(listener: () => void): () => void {
    this.commits.on(COMMITTED, listener);
    if (this.poller === null) {
      this.dataVersion = this.readDataVersion() ?? 0n;
      this.poller = setInterval(() => {
        const current = this.readDataVersion();
        if (current !== null && current !== this.dataVersion) {
          this.dataVersion = current;
          this.committed();
        }
      }, this.pollMs).unref();
    }
    return () => {
      this.commits.off(COMMITTED, listener);
      if (this.commits.listenerCount(COMMITTED) === 0) this.stop();
    };
  }

  stop(): void {
    if (this.poller !== null) clearInterval(this.poller);
    this.poller = null;
  }

  /** Null when the file cannot be read now (an I/O error): a timer must not throw; reads report it. */
  private readDataVersion(): bigint | null {
    try {
      return this.db.pragma('data_version', { simple: true }) as bigint;
    } catch {
      return null;
    }
  }
}
