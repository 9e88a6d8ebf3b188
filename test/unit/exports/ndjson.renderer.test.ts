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

  it('is empty for an empty timeline', () => {
    expect(renderNdjson([])).toBe('');
  });
});
