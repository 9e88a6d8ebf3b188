import { cheapestTextPlan } from '../../../src/read-model/text-plan';

/**
 * The word-beside-a-key plan choice, with the counts of the 1M-event bench read model (every
 * plan returns the same page; as-of.property.test.ts checks that for each one).
 */
describe('cheapestTextPlan', () => {
  const rows = 1_000_000;
  const page = 51;

  it('walks a rare key and probes when the word is common: a page comes after a few rows', () => {
    expect(cheapestTextPlan({ rows, wordDocs: 997_000, keyRows: 1_000, page })).toBe('probe');
    expect(cheapestTextPlan({ rows, wordDocs: 105_000, keyRows: 1_000, page })).toBe('probe');
  });

  it('collects the matches once when both the word and the key are uncommon', () => {
    // 2.4 % of the documents and ~1,000 key rows: the key walk reads every row, and probing
    // each (or checking the key for each of 24k matches) took 130 ms.
    expect(cheapestTextPlan({ rows, wordDocs: 24_000, keyRows: 1_000, page })).toBe('semi');
    expect(cheapestTextPlan({ rows, wordDocs: 24_000, keyRows: 2_500, page })).toBe('semi');
  });

  it('lets the words drive when they are rare or the key is common', () => {
    expect(cheapestTextPlan({ rows, wordDocs: 40, keyRows: 1_000, page })).toBe('drive');
    expect(cheapestTextPlan({ rows, wordDocs: 24_000, keyRows: rows, page })).toBe('drive');
    expect(cheapestTextPlan({ rows, wordDocs: 0, keyRows: 0, page })).toBe('drive');
  });
});
