import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  consistencyPath,
  inMemorySubtrees,
  inclusionPath,
  leafHash,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../../../src/audit/merkle/rfc9162';

// Certificate Transparency's published test vectors (the eight leaf inputs, the root of each
// tree size and a few audit paths), as used by the C++, Go and Python CT implementations.
const CT_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION: [number, number, string[]][] = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CT_CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const hex = (hashes: readonly Hash[]) => hashes.map((h) => h.toString('hex'));
const unhex = (hashes: readonly string[]) => hashes.map((h) => Buffer.from(h, 'hex'));

// An independent reference, written straight from the RFC's recursive definitions over arrays
// (no subtree source, no unrolled loops), to check the implementation on every shape of tree.
const sha = (...parts: Uint8Array[]) =>
  parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
function refK(n: number): number {
  return 2 ** Math.ceil(Math.log2(n) - 1);
}
function refMth(d: Hash[]): Hash {
  if (d.length === 0) return sha();
  if (d.length === 1) return d[0];
  const k = refK(d.length);
  return sha(Buffer.of(1), refMth(d.slice(0, k)), refMth(d.slice(k)));
}
function refPath(m: number, d: Hash[]): Hash[] {
  if (d.length <= 1) return [];
  const k = refK(d.length);
  return m < k
    ? [...refPath(m, d.slice(0, k)), refMth(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), refMth(d.slice(0, k))];
}
function refSubproof(m: number, d: Hash[], b: boolean): Hash[] {
  const n = d.length;
  if (m === n) return b ? [] : [refMth(d)];
  const k = refK(n);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), refMth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), refMth(d.slice(0, k))];
}

const ctLeaves = CT_INPUTS.map(leafHash);

describe('RFC 9162 Merkle tree against the Certificate Transparency vectors', () => {
  it('hashes the empty tree and every size 1..8 to the published roots', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(CT_ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      expect(rangeHash(inMemorySubtrees(ctLeaves), 0, n).toString('hex')).toBe(CT_ROOTS[n]);
    }
  });

  it.each(CT_INCLUSION)('audit path of leaf %i in a tree of %i', (index, size, expected) => {
    const path = inclusionPath(inMemorySubtrees(ctLeaves), index, size);
    expect(hex(path)).toEqual(expected);
    const root = Buffer.from(CT_ROOTS[size], 'hex');
    expect(verifyInclusion(index, size, ctLeaves[index], unhex(expected), root)).toBe(true);
    expect(verifyInclusion(index, size, ctLeaves[index], unhex(expected), EMPTY_ROOT)).toBe(false);
  });

  it.each(CT_CONSISTENCY)('consistency proof from %i to %i', (first, second, expected) => {
    expect(hex(consistencyPath(inMemorySubtrees(ctLeaves), first, second))).toEqual(expected);
    const [r1, r2] = [first, second].map((n) => Buffer.from(CT_ROOTS[n], 'hex'));
    expect(verifyConsistency(first, second, unhex(expected), r1, r2)).toBe(true);
  });
});

describe('RFC 9162 Merkle tree against a reference written from the RFC', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`event ${i}`)));
  const subtrees = inMemorySubtrees(leaves);

  it('agrees on every root, audit path and consistency proof up to 70 leaves', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const d = leaves.slice(0, n);
      const root = refMth(d);
      expect(rangeHash(subtrees, 0, n).equals(root)).toBe(true);
      for (let i = 0; i < n; i++) {
        const path = inclusionPath(subtrees, i, n);
        expect(hex(path)).toEqual(hex(refPath(i, d)));
        expect(verifyInclusion(i, n, leaves[i], path, root)).toBe(true);
      }
      for (let m = 1; m <= n; m++) {
        const proof = consistencyPath(subtrees, m, n);
        expect(hex(proof)).toEqual(hex(m === n ? [] : refSubproof(m, d, true)));
        expect(verifyConsistency(m, n, proof, refMth(leaves.slice(0, m)), root)).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, another index, another size or a changed sibling', () => {
    const n = 37;
    const root = rangeHash(subtrees, 0, n);
    const path = inclusionPath(subtrees, 20, n);
    expect(verifyInclusion(20, n, leaves[21], path, root)).toBe(false);
    expect(verifyInclusion(21, n, leaves[20], path, root)).toBe(false);
    // The size shapes the path (the checkpoint binds it): a size with another shape fails.
    expect(verifyInclusion(20, 128, leaves[20], path, root)).toBe(false);
    expect(verifyInclusion(20, 21, leaves[20], path, root)).toBe(false);
    expect(verifyInclusion(20, n, leaves[20], path.slice(1), root)).toBe(false);
    expect(verifyInclusion(20, n, leaves[20], [...path, path[0]], root)).toBe(false);
    const bent = path.map((h, i) => (i === 2 ? leafHash(h) : h));
    expect(verifyInclusion(20, n, leaves[20], bent, root)).toBe(false);
  });

  it('refuses consistency for a rewritten prefix, swapped sizes and an empty proof', () => {
    const proof = consistencyPath(subtrees, 13, 40);
    const r13 = rangeHash(subtrees, 0, 13);
    const r40 = rangeHash(subtrees, 0, 40);
    const forged = [
      ...leaves.slice(0, 5),
      leafHash(Buffer.from('rewritten')),
      ...leaves.slice(6, 13),
    ];
    expect(verifyConsistency(13, 40, proof, refMth(forged), r40)).toBe(false);
    expect(verifyConsistency(40, 13, proof, r40, r13)).toBe(false);
    expect(verifyConsistency(13, 40, [], r13, r40)).toBe(false);
    expect(verifyConsistency(13, 13, [], r13, r40)).toBe(false);
    expect(verifyConsistency(0, 40, [], EMPTY_ROOT, r40)).toBe(true);
  });

  it('refuses out-of-range requests instead of answering a wrong proof', () => {
    expect(() => inclusionPath(subtrees, 5, 5)).toThrow(RangeError);
    expect(() => consistencyPath(subtrees, 6, 5)).toThrow(RangeError);
  });
});
