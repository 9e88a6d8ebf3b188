import Database from 'better-sqlite3';
import { leafHash, nodeHash, type Hash, type PerfectSubtree } from './rfc9162';

/** One leaf to append: the next event of the global order (its position, id and stored hash). */
export interface MerkleLeaf {
  readonly position: bigint;
  readonly eventId: string;
  /** The event's own SHA-256 (hex): the RFC's leaf input is these 32 bytes. */
  readonly eventHash: string;
}

/**
 * Perfect subtrees of 2^STORED_FROM_LEVEL leaves and up are stored; smaller ones are hashed from
 * at most 15 leaves on demand. That keeps the node table at 1/8 of the leaf count while a proof
 * still reads O(log n) rows.
 */
const STORED_FROM_LEVEL = 4;
const SCHEMA_VERSION = 1;

/**
 * The Merkle tree over the log, persisted in its own SQLite file: one row per leaf (index,
 * position, event id, leaf hash) and the stored perfect subtrees. Appends are one transaction per
 * batch; the right edge of the tree (the completed subtree of each level not yet paired) is kept
 * in memory and recomputed from the file at open.
 */
export class MerkleFile {
  private readonly db: Database.Database;
  private readonly nodeStatement: Database.Statement;
  private readonly leafRangeStatement: Database.Statement;
  private readonly countStatement: Database.Statement;
  private leafCount: number;
  /** frontier[L]: the completed subtree of 2^L leaves at the right edge, while bit L of the size is set. */
  private readonly frontier: Hash[] = [];

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS merkle_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS merkle_leaf (
        idx INTEGER PRIMARY KEY, position INTEGER NOT NULL, event_id BLOB NOT NULL, hash BLOB NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS merkle_leaf_event ON merkle_leaf (event_id);
      CREATE TABLE IF NOT EXISTS merkle_node (
        level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)
      ) WITHOUT ROWID;`);
    this.db
      .prepare('INSERT OR IGNORE INTO merkle_meta (key, value) VALUES (?, ?)')
      .run('schemaVersion', String(SCHEMA_VERSION));
    this.nodeStatement = this.db.prepare(
      'SELECT hash FROM merkle_node WHERE level = ? AND idx = ?',
    );
    this.leafRangeStatement = this.db.prepare(
      'SELECT hash FROM merkle_leaf WHERE idx BETWEEN ? AND ? ORDER BY idx',
    );
    this.countStatement = this.db.prepare('SELECT max(idx) AS last FROM merkle_leaf');
    this.leafCount = 0;
    this.refresh();
    this.restoreFrontier();
  }

  get size(): number {
    return this.leafCount;
  }

  /**
   * Re-reads the size, for a connection that only reads while another (the follower's thread)
   * appends: leaves are committed before anyone can see them, so the size never names a leaf
   * that is not there.
   */
  refresh(): this {
    const count = this.countStatement.get() as { last: number | null };
    this.leafCount = count.last === null ? 0 : count.last + 1;
    return this;
  }

  /** Appends leaves in order (the next index is `size`), storing every subtree they complete. */
  append(leaves: readonly MerkleLeaf[]): void {
    if (leaves.length === 0) return;
    const insertLeaf = this.db.prepare(
      'INSERT INTO merkle_leaf (idx, position, event_id, hash) VALUES (?, ?, ?, ?)',
    );
    const insertNode = this.db.prepare(
      'INSERT INTO merkle_node (level, idx, hash) VALUES (?, ?, ?)',
    );
    const frontier = [...this.frontier];
    let size = this.leafCount;
    this.db.transaction(() => {
      for (const leaf of leaves) {
        let carry = leafHash(Buffer.from(leaf.eventHash, 'hex'));
        insertLeaf.run(size, leaf.position, uuidBytes(leaf.eventId), carry);
        let level = 0;
        // Pair the new subtree with the right edge while the size has a 1 at that level (binary carry).
        while (Math.floor(size / 2 ** level) % 2 === 1) {
          carry = nodeHash(frontier[level], carry);
          level += 1;
          if (level >= STORED_FROM_LEVEL) {
            insertNode.run(level, Math.floor((size + 1) / 2 ** level) - 1, carry);
          }
        }
        frontier[level] = carry;
        size += 1;
      }
    })();
    this.frontier.splice(0, this.frontier.length, ...frontier);
    this.leafCount = size;
  }

  /** The hash of the perfect subtree [start, start + size), from a stored node or from its leaves. */
  readonly subtree: PerfectSubtree = (start, size) => {
    if (start + size > this.leafCount) {
      throw new RangeError(
        `leaves ${start}..${start + size - 1} are beyond the tree (${this.leafCount})`,
      );
    }
    const level = Math.log2(size);
    if (level >= STORED_FROM_LEVEL) {
      const row = this.nodeStatement.get(level, start / size) as { hash: Buffer } | undefined;
      if (!row)
        throw new Error(`Merkle node ${level}/${start / size} is missing from ${this.path}`);
      return row.hash;
    }
    const rows = this.leafRangeStatement.all(start, start + size - 1) as { hash: Buffer }[];
    return combine(rows.map((r) => r.hash));
  };

  /** Where an event sits in the tree (undefined: not in it, or not yet). */
  leafOfEvent(eventId: string): StoredLeaf | undefined {
    const row = this.db
      .prepare('SELECT idx, position, hash FROM merkle_leaf WHERE event_id = ?')
      .safeIntegers()
      .get(uuidBytes(eventId)) as LeafRow | undefined;
    return row && toStoredLeaf(row);
  }

  /** The last leaf (null when empty), to check the file against the store at start. */
  lastLeaf(): StoredLeaf | null {
    const row = this.db
      .prepare('SELECT idx, position, hash FROM merkle_leaf ORDER BY idx DESC LIMIT 1')
      .safeIntegers()
      .get() as LeafRow | undefined;
    return row ? toStoredLeaf(row) : null;
  }

  /** Position of the leaf before `index` (null for the first): where to re-read the store from. */
  positionBefore(index: number): bigint | null {
    if (index === 0) return null;
    const row = this.db
      .prepare('SELECT position FROM merkle_leaf WHERE idx = ?')
      .safeIntegers()
      .get(index - 1) as { position: bigint } | undefined;
    return row ? row.position : null;
  }

  /** Position of the last leaf of a tree of `treeSize` leaves (0n for the empty tree). */
  positionAtSize(treeSize: number): bigint {
    return treeSize === 0 ? 0n : (this.positionBefore(treeSize) ?? 0n);
  }

  close(): void {
    this.db.close();
  }

  private restoreFrontier(): void {
    let start = 0;
    for (let level = Math.floor(Math.log2(Math.max(this.leafCount, 1))); level >= 0; level--) {
      if (Math.floor(this.leafCount / 2 ** level) % 2 === 1) {
        this.frontier[level] = this.subtree(start, 2 ** level);
        start += 2 ** level;
      }
    }
  }
}

export interface StoredLeaf {
  readonly index: number;
  readonly position: bigint;
  readonly leafHash: Hash;
}

interface LeafRow {
  readonly idx: bigint;
  readonly position: bigint;
  readonly hash: Buffer;
}

function toStoredLeaf(row: LeafRow): StoredLeaf {
  return { index: Number(row.idx), position: row.position, leafHash: row.hash };
}

/** Hashes a perfect run of leaf hashes (a power-of-two count) up to its root. */
function combine(level: Buffer[]): Hash {
  let hashes = level;
  while (hashes.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < hashes.length; i += 2) next.push(nodeHash(hashes[i], hashes[i + 1]));
    hashes = next;
  }
  return hashes[0];
}

function uuidBytes(id: string): Buffer {
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  // Ids are UUIDs in every store this service writes; anything else is kept as its text.
  return bytes.length === 16 ? bytes : Buffer.from(id, 'utf8');
}
