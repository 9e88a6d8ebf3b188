import { renderNdjson } from '../../../src/exports/ndjson.renderer';
import { DAY, itemDoc, OPEN_END, RETRACTED } from './item-fixtures';

describe('NDJSON export', () => {
  it('writes each item as the JSON the timeline serves, one per line', () => {
    const multiline = itemDoc('multiline', DAY.fact.occurred as never, {
      fact: { summary: 'first line\nsecond line\u2028third' },
    });
    const items = [DAY, OPEN_END, RETRACTED, multiline];
    const text = renderNdjson(items);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(items.length);
    expect(lines.map((line) => JSON.parse(line))).toEqual(items);
  });

  it('escapes U+2028 and U+2029, so readers splitting at Unicode line ends keep one item per line', () => {
    const separated = itemDoc('separated', DAY.fact.occurred as never, {
      fact: { headline: 'line\u2028separator', summary: 'paragraph\u2029separator' },
    });
    const text = renderNdjson([separated, DAY]);
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text).toContain('"headline":"line\\u2028separator"');
    // JavaScript's own line terminators: \n, \r, U+2028, U+2029.
    const lines = text.split(/\r\n|[\n\r\u2028\u2029]/).filter((line) => line !== '');
    expect(lines.map((line) => JSON.parse(line))).toEqual([separated, DAY]);
  });

  it('is empty for an empty timeline', () => {
    expect(renderNdjson([])).toBe('');
  });
});
