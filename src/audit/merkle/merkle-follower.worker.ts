import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { MerkleFile } from './merkle-file';

/**
 * The Merkle follower's thread for the SQLite store: it reads only (position, id, hash) of new
 * events straight from the store file (read-only, WAL lets it read beside the writer) and appends
 * them to the tree file, so the request thread spends nothing on the tree. Polls every
 * POLL_MS when idle; a batch is one transaction.
 */
export interface MerkleFollowerData {
  readonly sqlitePath: string;
  readonly merklePath: string;
}

export type FromMerkleFollower =
  { readonly type: 'error'; readonly message: string } | { readonly type: 'stopped' };

const POLL_MS = 20;
const BATCH = 5000;
const RETRY_MS = 1000;

const { sqlitePath, merklePath } = workerData as MerkleFollowerData;
let stopping = false;
let timer: NodeJS.Timeout | undefined;
let store: Database.Database | undefined;
let file: MerkleFile | undefined;

function step(): void {
  timer = undefined;
  if (stopping) return;
  try {
    store ??= new Database(sqlitePath, { readonly: true, fileMustExist: true });
    file ??= new MerkleFile(merklePath);
    const after = file.lastLeaf()?.position ?? 0n;
    const rows = store
      .prepare('SELECT position, id, hash FROM events WHERE position > ? ORDER BY position LIMIT ?')
      .safeIntegers()
      .all(after, BATCH) as { position: bigint; id: string; hash: string }[];
    file.append(rows.map((r) => ({ position: r.position, eventId: r.id, eventHash: r.hash })));
    timer = setTimeout(step, rows.length === BATCH ? 0 : POLL_MS);
  } catch (error) {
    parentPort?.postMessage({
      type: 'error',
      message: (error as Error).message,
    } satisfies FromMerkleFollower);
    closeFiles();
    timer = setTimeout(step, RETRY_MS);
  }
}

function closeFiles(): void {
  file?.close();
  store?.close();
  file = undefined;
  store = undefined;
}

parentPort?.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  stopping = true;
  if (timer) clearTimeout(timer);
  closeFiles();
  parentPort?.postMessage({ type: 'stopped' } satisfies FromMerkleFollower);
  parentPort?.close();
});

step();
