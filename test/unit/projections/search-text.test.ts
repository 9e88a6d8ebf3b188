import type { TimelineItemView } from '../../../projections';
import { searchTextOf } from '../../../src/read-model/item-doc';

/** The full-text document of an item version: what `q` can find. */
describe('searchTextOf', () => {
  const view = (fact: Record<string, unknown>): TimelineItemView =>
    ({
      itemId: 'x',
      type: 'SanctionImposed',
      entities: [{ entityId: 'ent:country:CN', role: 'authority', side: 'actor' }],
      countries: ['CN'],
      topics: ['export_controls'],
      fact,
    }) as unknown as TimelineItemView;

  it('separates words joined by "_" in the text, as q separates them', () => {
    const [headline, summary, quotes] = searchTextOf(
      view({
        headline: 'EO_14114 signed',
        summary: 'per SDN_List',
        sources: [{ quote: 'see foo_bar' }, { quote: 'and baz' }],
      }),
    );
    expect([headline, summary, quotes]).toEqual([
      'EO 14114 signed',
      'per SDN List',
      'see foo bar\nand baz',
    ]);
  });

  it('keeps each filter key one token, with one more per side of an entity', () => {
    const keys = searchTextOf(view({ headline: 'h' }))[3].split(' ');
    expect(keys).toHaveLength(4);
    expect(keys.every((token) => /^_k[xato][0-9a-z]+$/.test(token))).toBe(true);
  });
});
