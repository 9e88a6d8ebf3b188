import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromMerkleFollower, MerkleFollowerData } from './merkle-follower.worker';

/** Same boot as the projection thread: compiled JS in a build, the swc hook from the sources. */
const BOOT = `
const { workerData } = require('node:worker_threads');
if (workerData.register) require(workerData.register);
require(workerData.entry);
`;

/** Starts the SQLite Merkle follower on its own thread; `stop()` waits for it to close its files. */
export class MerkleFollowerThread {
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;

  constructor(data: MerkleFollowerData, onError: (message: string) => void) {
    const entry = join(__dirname, `merkle-follower.worker${extname(__filename)}`);
    const hook = process.env.TS_REGISTER_HOOK;
    const register = entry.endsWith('.ts') && hook ? resolve(hook) : undefined;
    if (entry.endsWith('.ts') && !register) {
      throw new Error('running from TypeScript sources: set TS_REGISTER_HOOK');
    }
    this.worker = new Worker(BOOT, { eval: true, workerData: { ...data, entry, register } });
    this.exited = new Promise((done) => this.worker.once('exit', done));
    this.worker.on('message', (message: FromMerkleFollower) => {
      if (message.type === 'error') onError(message.message);
    });
    this.worker.on('error', (error) => onError(error.message));
  }

  /** Asks the thread to close its files; a thread that has not exited after 5 s is terminated. */
  async stop(): Promise<void> {
    this.worker.postMessage({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), 5000);
    });
    if ((await Promise.race([this.exited, late])) === 'late') await this.worker.terminate();
    clearTimeout(timer);
  }
}
