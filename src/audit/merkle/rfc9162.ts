import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency v2), over any source of perfect
 * subtree hashes, so one implementation serves the in-memory reference, the persisted log and
 * the offline verifier. Leaves are hashed with a 0x00 prefix and interior nodes with 0x01 (domain
 * separation: a leaf can never be passed off as a node). Sizes and indexes are plain numbers:
 * 2^53 leaves is far beyond any log this service holds.
 */
export type Hash = Buffer;

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export function leafHash(leaf: Uint8Array): Hash {
  return createHash('sha256').update(LEAF_PREFIX).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

const LEAF_PREFIX = Buffer.of(0x00);
const NODE_PREFIX = Buffer.of(0x01);

/**
 * The hash of the perfect subtree of `size` (a power of two) leaves starting at `start` (a
 * multiple of `size`): every range the RFC's recursion splits off on the left is one of these.
 */
export type PerfectSubtree = (start: number, size: number) => Hash;

/** The largest power of two smaller than n (n > 1): the RFC's k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/** MTH(D[start : start + n]). */
export function rangeHash(subtree: PerfectSubtree, start: number, n: number): Hash {
  if (n === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(n)) return subtree(start, n);
  const k = splitPoint(n);
  return nodeHash(subtree(start, k), rangeHash(subtree, start + k, n - k));
}

/** PATH(m, D[n]) of §2.1.3.1: the audit path of leaf `index` in the tree of the first n leaves. */
export function inclusionPath(subtree: PerfectSubtree, index: number, n: number): Hash[] {
  if (!(index >= 0 && index < n)) throw new RangeError(`leaf ${index} is not in a tree of ${n}`);
  const path: Hash[] = [];
  let start = 0;
  let size = n;
  let m = index;
  // The recursion of the RFC, unrolled: siblings are collected leaf-first, as the path lists them.
  const siblings: Hash[] = [];
  while (size > 1) {
    const k = splitPoint(size);
    if (m < k) {
      siblings.push(rangeHash(subtree, start + k, size - k));
      size = k;
    } else {
      siblings.push(subtree(start, k));
      start += k;
      m -= k;
      size -= k;
    }
  }
  for (let i = siblings.length - 1; i >= 0; i--) path.push(siblings[i]);
  return path;
}

/** PROOF(m, D[n]) of §2.1.4.1: proves the tree of the first m leaves is a prefix of the first n. */
export function consistencyPath(subtree: PerfectSubtree, m: number, n: number): Hash[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`a tree of ${m} cannot be a prefix of ${n}`);
  if (m === 0 || m === n) return [];
  const siblings: Hash[] = [];
  let start = 0;
  let size = n;
  let first = m;
  let whole = true;
  for (;;) {
    if (first === size) {
      if (!whole) siblings.push(rangeHash(subtree, start, first));
      break;
    }
    const k = splitPoint(size);
    if (first <= k) {
      siblings.push(rangeHash(subtree, start + k, size - k));
      size = k;
    } else {
      siblings.push(subtree(start, k));
      start += k;
      first -= k;
      size -= k;
      whole = false;
    }
  }
  return siblings.reverse();
}

/** §2.1.3.2: does `proof` place `leaf` at `index` of a tree of `treeSize` with `root`? */
export function verifyInclusion(
  index: number,
  treeSize: number,
  leaf: Hash,
  proof: readonly Hash[],
  root: Hash,
): boolean {
  if (!(index >= 0 && index < treeSize)) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** §2.1.4.2: does `proof` show that the tree (first, firstRoot) is a prefix of (second, secondRoot)? */
export function verifyConsistency(
  first: number,
  second: number,
  proof: readonly Hash[],
  firstRoot: Hash,
  secondRoot: Hash,
): boolean {
  if (!(first >= 0 && first <= second)) return false;
  // The RFC's procedure starts from a non-empty path; the two trivial cases are decided here.
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0 && firstRoot.equals(EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}

/** A perfect-subtree source over leaf hashes held in memory (tests, the offline verifier). */
export function inMemorySubtrees(leaves: readonly Hash[]): PerfectSubtree {
  const cache = new Map<string, Hash>();
  const subtree: PerfectSubtree = (start, size) => {
    if (start + size > leaves.length) throw new RangeError('beyond the leaves');
    if (size === 1) return leaves[start];
    const key = `${start}:${size}`;
    let hit = cache.get(key);
    if (!hit) {
      const half = size / 2;
      hit = nodeHash(subtree(start, half), subtree(start + half, half));
      cache.set(key, hit);
    }
    return hit;
  };
  return subtree;
}
