import fc from 'fast-check';
import {
  ProjectionError,
  foldAll,
  reduceBatch,
  timelineItemProjection as projection,
  type TimelineItemView,
} from '../../../projections';
import { HistoryBuilder } from './history-builder';

const fold = (h: HistoryBuilder) => foldAll(projection, h.events);

describe('timeline item projection', () => {
  it('opens an item from its fact event with derived filter fields', () => {
    const h = new HistoryBuilder();
    h.open('a', { authority: { entityId: 'ent:public-body:ofac', role: 'authority' } });
    const item = fold(h).get('item-a')!;
    expect(item).toMatchObject({
      itemId: 'a',
      type: 'SanctionImposed',
      status: 'live',
      retraction: null,
      version: 1,
      firstPosition: 1n,
      lastPosition: 1n,
      earliest: '2024-04-12',
      latest: '2024-04-12',
      countries: ['US', 'CN'],
      topics: ['secondary-sanctions'],
      confidence: 'official-record',
    });
    expect(item.entities).toEqual([
      { entityId: 'ent:country:US', role: 'issuer', side: 'actor' },
      { entityId: 'ent:country:CN', role: 'target', side: 'target' },
      { entityId: 'ent:public-body:ofac', role: 'authority', side: 'actor' },
    ]);
  });

  it('replaces the fact and its derived fields on ItemCorrected, keeping first-recorded fields', () => {
    const h = new HistoryBuilder();
    const opened = h.open('a');
    h.open('other');
    const corrected = h.correct('a', {
      headline: 'Trip occurred',
      occurred: {
        edtf: '2024-04-24/2024-04-26',
        earliest: '2024-04-24',
        latest: '2024-04-26',
        precision: 'interval',
      },
      topics: ['diplomacy'],
    });
    const item = fold(h).get('item-a')!;
    expect(item.fact.headline).toBe('Trip occurred');
    expect([item.earliest, item.latest, item.topics]).toEqual([
      '2024-04-24',
      '2024-04-26',
      ['diplomacy'],
    ]);
    expect(item).toMatchObject({
      version: 2,
      firstRecordedAt: opened.recordedAt,
      lastRecordedAt: corrected.recordedAt,
      firstPosition: 1n,
      lastPosition: 3n,
    });
  });

  it('marks the item retracted with kind, reason and duplicateOf', () => {
    const h = new HistoryBuilder();
    h.open('keep');
    h.open('dup');
    h.retract('dup', 'keep');
    const rows = fold(h);
    expect(rows.get('item-dup')).toMatchObject({
      status: 'retracted',
      version: 2,
      retraction: { kind: 'duplicate', reason: 'duplicate of keep', duplicateOf: 'keep' },
    });
    expect(rows.get('item-keep')!.status).toBe('live');
  });

  it('ignores entity streams', () => {
    const h = new HistoryBuilder();
    h.register('ent:country:CN', 'China');
    expect(fold(h).size).toBe(0);
  });

  it.each([
    ['a correction before the opening fact', (h: HistoryBuilder) => h.correct('a', {})],
    ['a second fact on the same stream', (h: HistoryBuilder) => (h.open('a'), h.open('a'))],
    [
      'anything after a retraction',
      (h: HistoryBuilder) => (h.open('a'), h.retract('a'), h.correct('a', {})),
    ],
    [
      'an unknown event type',
      (h: HistoryBuilder) => (h.open('a'), h.raw('item-a', 'ItemRenamed', {})),
    ],
    ['a fact without occurred', (h: HistoryBuilder) => h.open('a', { occurred: null })],
  ])('refuses %s with a ProjectionError naming the event', (_label, build) => {
    const h = new HistoryBuilder();
    build(h);
    const last = h.events[h.events.length - 1];
    const { failed, changes } = reduceBatch(projection, () => undefined, h.events);
    expect(failed?.event).toBe(last);
    expect(failed?.error).toBeInstanceOf(ProjectionError);
    expect(changes).toHaveLength(
      h.events.filter((e) => e !== last && e.stream === last.stream).length,
    );
  });

  it("says only a stream's first event opens its row (the runner then skips the lookup)", () => {
    const h = new HistoryBuilder();
    h.open('a');
    h.open('b');
    h.correct('a', { headline: 'second' });
    h.retract('b');
    expect(h.events.map((e) => projection.opensRow?.(e))).toEqual([true, true, false, false]);
  });

  it('changes nothing when an event is applied twice', () => {
    const h = new HistoryBuilder();
    h.open('a');
    h.correct('a', { headline: 'second' });
    h.retract('a');
    const rows = fold(h);
    for (const event of h.events) {
      const { changes, failed } = reduceBatch(projection, (k) => rows.get(k), [event]);
      expect(failed).toBeNull();
      expect(changes).toEqual([]);
    }
    expect(foldAll(projection, h.events, rows)).toEqual(rows);
  });

  it('gives the same rows whether the history is folded at once or in random batches', () => {
    const h = new HistoryBuilder();
    for (let i = 0; i < 12; i += 1) h.open(`i${i}`, { headline: `item ${i}` });
    for (let i = 0; i < 12; i += 3) h.correct(`i${i}`, { headline: `corrected ${i}` });
    for (let i = 1; i < 12; i += 4) h.retract(`i${i}`);
    const whole = fold(h);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 30 }),
        (sizes) => {
          let rows = new Map<string, TimelineItemView>();
          let at = 0;
          for (let i = 0; at < h.events.length; i += 1) {
            const size = sizes[i % sizes.length];
            rows = foldAll(projection, h.events.slice(at, at + size), rows);
            at += size;
          }
          expect(rows).toEqual(whole);
        },
      ),
    );
  });
});
