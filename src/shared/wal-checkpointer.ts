import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Checkpoints a WAL database (the read model, the SQLite event store) from a worker thread.
 * SQLite's automatic checkpoint runs inside the commit that crosses the threshold, on the
 * writer's event loop: copying the pages back into the main file (and its fsync) took ~20 % of a
 * read-model rebuild and stalled live batches and group commits. A passive checkpoint on a second
 * connection never blocks the writer or readers. The writer keeps its automatic checkpoint at
 * BACKSTOP times its threshold: it still resets the WAL when the worker falls behind (or dies).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const BACKSTOP = 8;

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;

  private constructor(db: Database.Database, everyMs: number) {
    const threshold = Number(db.pragma('wal_autocheckpoint', { simple: true }));
    db.pragma(`wal_autocheckpoint = ${threshold * BACKSTOP}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve('better-sqlite3'), path: db.name, everyMs },
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    // A failed checkpointer must not take the service down: the writer checkpoints again.
    this.worker.on('error', () => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${threshold}`);
    });
    this.worker.unref();
  }

  /** None for in-memory databases, which have no WAL. */
  static start(db: Database.Database, everyMs = 250): WalCheckpointer | null {
    return db.memory ? null : new WalCheckpointer(db, everyMs);
  }

  async stop(): Promise<void> {
    // Unreferenced, the worker would not keep the process alive until it has exited: a shutdown
    // awaiting it would end the process early, skipping what comes after (exit codes, logs).
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
