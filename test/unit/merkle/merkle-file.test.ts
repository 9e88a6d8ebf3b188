import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { MerkleFile } from '../../../src/audit/merkle/merkle-file';
import {
  consistencyPath,
  inMemorySubtrees,
  inclusionPath,
  leafHash,
  rangeHash,
} from '../../../src/audit/merkle/rfc9162';

const fakeEvent = (i: number) => ({
  position: BigInt(i * 3 + 7),
  eventId: randomUUID(),
  eventHash: createHash('sha256').update(`event ${i}`).digest('hex'),
});

describe('MerkleFile (the tree persisted in SQLite)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'merkle-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same roots and proofs as the in-memory tree, across batches and a reopen', () => {
    const events = Array.from({ length: 300 }, (_, i) => fakeEvent(i));
    const leaves = events.map((e) => leafHash(Buffer.from(e.eventHash, 'hex')));
    const memory = inMemorySubtrees(leaves);
    const path = join(dir, 'merkle.sqlite');
    let file = new MerkleFile(path);
    let appended = 0;
    for (const batch of [1, 2, 13, 16, 17, 40, 11]) {
      file.append(events.slice(appended, appended + batch));
      appended += batch;
      expect(file.size).toBe(appended);
      expect(rangeHash(file.subtree, 0, appended)).toEqual(rangeHash(memory, 0, appended));
    }
    file.close();
    file = new MerkleFile(path);
    expect(file.size).toBe(appended);
    file.append(events.slice(appended));
    for (const n of [1, 15, 16, 17, 100, 255, 256, 257, 300]) {
      expect(rangeHash(file.subtree, 0, n)).toEqual(rangeHash(memory, 0, n));
      for (const i of [0, Math.floor(n / 2), n - 1]) {
        expect(inclusionPath(file.subtree, i, n)).toEqual(inclusionPath(memory, i, n));
      }
      expect(consistencyPath(file.subtree, Math.ceil(n / 3), n)).toEqual(
        consistencyPath(memory, Math.ceil(n / 3), n),
      );
    }
    expect(file.leafOfEvent(events[123].eventId)).toEqual({
      index: 123,
      position: events[123].position,
      leafHash: leaves[123],
    });
    expect(file.leafOfEvent(randomUUID())).toBeUndefined();
    expect(file.lastLeaf()?.index).toBe(299);
    expect(file.positionAtSize(124)).toBe(events[123].position);
    file.close();
  });

  it('refuses a subtree beyond its size instead of inventing one', () => {
    const file = new MerkleFile(join(dir, 'merkle.sqlite'));
    file.append([fakeEvent(0), fakeEvent(1)]);
    expect(() => file.subtree(0, 4)).toThrow(RangeError);
    file.close();
  });
});
