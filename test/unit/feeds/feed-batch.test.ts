import { cutFeedBatch, type ChangedRow } from '../../../src/feeds/feed-batch';

const row = (itemId: string, position: number): ChangedRow => ({
  itemId,
  position: BigInt(position),
});
const cut = (rows: ChangedRow[], head: number, full = false) => {
  const batch = cutFeedBatch(rows, BigInt(head), full);
  return {
    changes: batch.changes.map((c) => `${c.itemId}@${c.position}`),
    upTo: Number(batch.upTo),
    readWhole: batch.readWhole === undefined ? undefined : Number(batch.readWhole),
  };
};

describe('cutFeedBatch: one change per item per step', () => {
  it('takes every row up to the head when each item changed once', () => {
    expect(cut([row('a', 3), row('b', 5)], 9)).toEqual({
      changes: ['a@3', 'b@5'],
      upTo: 9,
      readWhole: undefined,
    });
  });

  it('has nothing to send but still reaches the head when nothing changed', () => {
    expect(cut([], 9)).toEqual({ changes: [], upTo: 9, readWhole: undefined });
  });

  it("ends the step before an item's second change", () => {
    expect(cut([row('a', 3), row('b', 4), row('a', 6), row('c', 7)], 9)).toEqual({
      changes: ['a@3', 'b@4'],
      upTo: 5,
      readWhole: undefined,
    });
  });

  it('drops the rows at the position of the second change even when other items come first', () => {
    expect(cut([row('a', 3), row('b', 6), row('a', 6)], 9)).toEqual({
      changes: ['a@3'],
      upTo: 5,
      readWhole: undefined,
    });
  });

  it('counts two rows of one item at one position as one change', () => {
    expect(cut([row('a', 3), row('a', 3), row('b', 4)], 9)).toEqual({
      changes: ['a@3', 'b@4'],
      upTo: 9,
      readWhole: undefined,
    });
  });

  it('ends a full read before its last position, which may have more rows than were read', () => {
    expect(cut([row('a', 3), row('b', 4), row('c', 4)], 9, true)).toEqual({
      changes: ['a@3'],
      upTo: 3,
      readWhole: undefined,
    });
  });

  it('asks for the position to be read whole when a full read holds only that position', () => {
    expect(cut([row('a', 4), row('b', 4)], 9, true)).toEqual({
      changes: ['a@4', 'b@4'],
      upTo: 4,
      readWhole: 4,
    });
  });
});
