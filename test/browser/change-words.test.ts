/** The history's plain words for each kind of patch operation (a pure function of the page). */
import { describeChange, type Segment } from '../../web/change-words';

const before = {
  headline: 'Old headline',
  summary: 'Short.',
  topics: ['optics', 'sanctions'],
  sources: [{ title: 'A report', publisher: 'AP', publishedOn: '2024-04-12', url: 'https://x' }],
  participants: [{ entityId: 'ent:person:xi-jinping', role: 'host' }],
  engagement: { status: 'expected' },
};
const names = new Map([['ent:person:xi-jinping', 'Xi Jinping']]);
const words = (op: Parameters<typeof describeChange>[0]) => {
  const segments = describeChange(op, before, names);
  return segments?.map((s: Segment) => (typeof s === 'string' ? s : `*${s.emphasis}*`)).join('');
};

describe('describeChange', () => {
  it('says a replacement as "field: before → after"', () => {
    expect(words({ op: 'replace', path: '/engagement/status', value: 'occurred' })).toBe(
      'status: expected → occurred',
    );
    expect(words({ op: 'replace', path: '/confidence', value: 'reported' })).toBe(
      'confidence set to reported',
    );
    expect(words({ op: 'replace', path: '/summary', value: 'x'.repeat(120) })).toBe(
      `summary rewritten: ${'x'.repeat(120)}`,
    );
  });

  it('names list elements in the singular, sources by title, entities by name', () => {
    expect(
      words({ op: 'add', path: '/sources/-', value: { title: 'B', publisher: 'Reuters' } }),
    ).toBe('source added: *B*, Reuters');
    expect(words({ op: 'remove', path: '/sources/0' })).toBe(
      'source removed: *A report*, AP, 2024-04-12',
    );
    expect(words({ op: 'remove', path: '/topics/1' })).toBe('topic removed: sanctions');
    expect(
      words({
        op: 'replace',
        path: '/participants/0',
        value: { entityId: 'ent:person:wang-yi', role: 'host' },
      }),
    ).toBe('participant: Xi Jinping (host) → ent:person:wang-yi (host)');
  });

  it('leaves out test operations and says moves without JSON pointers', () => {
    expect(words({ op: 'test', path: '/headline', value: 'Old headline' })).toBeUndefined();
    expect(words({ op: 'move', from: '/topics/0', path: '/topics/-' })).toBe(
      'topic moved from topic',
    );
    expect(
      words({ op: 'add', path: '/location', value: { cities: ['Beijing'], countryCode: 'CN' } }),
    ).toBe('location added: Beijing (CN)');
  });
});
