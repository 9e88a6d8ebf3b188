import Database from 'better-sqlite3';
import fc from 'fast-check';
import { foldAll, timelineItemProjection, type ProjectionEvent } from '../../../projections';
import type { EventStore, RecordedEvent } from '../../../src/event-store/event-store.port';
import { SIDE_BITS, toItemDoc, type ItemDoc } from '../../../src/read-model/item-doc';
import { ProjectionRunner } from '../../../src/read-model/projection-runner';
import {
  createTimelineTables,
  indexTimelineTables,
  openReadModelDatabase,
} from '../../../src/read-model/read-model-schema';
import {
  AS_OF_PLAN,
  findItem,
  runTimelineQuery,
  type TimelineQuery,
} from '../../../src/read-model/timeline-query';
import { TimelineSink } from '../../../src/read-model/timeline-sink';
import { HistoryBuilder } from './history-builder';
import { timelineQuery } from './timeline-queries';

/**
 * The read model's bitemporal rows must answer "as of position p" exactly as folding events
 * 1..p from scratch would, whatever the batching of the runner and even with batches re-applied.
 */

type Span = 'day' | 'days' | 'open';
type Op =
  | { kind: 'open'; day: number; span: Span; country: string; word: string; type: string }
  | { kind: 'correct'; pick: number; day: number; span: Span; country: string; word: string }
  | { kind: 'retract'; pick: number };

const country = fc.constantFrom('CN', 'RU', 'US');
const word = fc.constantFrom('tungsten', 'optics', 'machine', 'banks');
// One day, three days (span class m) or open-ended (class o): date ranges bound each class.
const span = fc.constantFrom<Span>('day', 'day', 'days', 'open');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    day: fc.integer({ min: 1, max: 3 }),
    span,
    country,
    word,
    type: fc.constantFrom('SanctionImposed', 'SanctionThreatened'),
  }),
  fc.record({
    kind: fc.constant('correct' as const),
    pick: fc.nat(),
    day: fc.integer({ min: 1, max: 3 }),
    span,
    country,
    word,
  }),
  fc.record({ kind: fc.constant('retract' as const), pick: fc.nat() }),
);

function buildHistory(ops: readonly Op[]): ProjectionEvent[] {
  const h = new HistoryBuilder();
  const live: string[] = [];
  const fact = (o: { day: number; span: Span; country: string; word: string }) => ({
    headline: `about ${o.word}`,
    occurred: {
      edtf: {
        day: `2024-01-0${o.day}`,
        days: `2024-01-0${o.day}/2024-01-0${o.day + 2}`,
        open: `2024-01-0${o.day}/..`,
      }[o.span],
      earliest: `2024-01-0${o.day}`,
      latest: { day: `2024-01-0${o.day}`, days: `2024-01-0${o.day + 2}`, open: null }[o.span],
      precision: 'day',
    },
    countries: [o.country],
    // The references SanctionThreatened names (SanctionImposed's come from the builder).
    threatenedBy: [],
    addressees: [],
  });
  ops.forEach((o, i) => {
    if (o.kind === 'open') {
      // Ids out of insertion order: pages must sort by itemId, not by when rows were written.
      const id = `item${(i * 37) % 101}`;
      h.open(id, fact(o), o.type);
      live.push(id);
    } else if (live.length > 0 && o.kind === 'correct') {
      h.correct(live[o.pick % live.length], fact(o));
    } else if (live.length > 0 && o.kind === 'retract') {
      h.retract(live.splice(o.pick % live.length, 1)[0]);
    }
  });
  return h.events;
}

function recorded(e: ProjectionEvent): RecordedEvent {
  return {
    id: `id-${e.position}`,
    stream: e.stream,
    version: e.version,
    position: e.position,
    type: e.type,
    schemaVersion: 1,
    data: e.data as RecordedEvent['data'],
    metadata: {
      recordedAt: e.recordedAt,
      recordedBy: null,
      correlationId: null,
      causationId: null,
    },
    prevHash: null,
    hash: 'x',
  };
}

function readModel(): { db: Database.Database; runner: ProjectionRunner<never> } {
  const db = new Database(':memory:');
  openReadModelDatabase(db);
  createTimelineTables(db, 1);
  db.prepare(
    `INSERT INTO projection_generations (name, gen, version, state, checkpoint) VALUES ('timeline-items', 1, 1, 'active', 0)`,
  ).run();
  const runner = new ProjectionRunner({
    db,
    store: {} as EventStore, // applyEvents never reads the store
    projection: timelineItemProjection,
    sink: new TimelineSink(db, 1),
    gen: 1,
    checkpoint: 0n,
  });
  return { db, runner: runner as unknown as ProjectionRunner<never> };
}

const query = timelineQuery;

/** Every page of a query, following nextCursor-style keyset positions. */
function allPages(db: Database.Database, first: TimelineQuery): ItemDoc[] {
  const items: ItemDoc[] = [];
  let q = first;
  for (;;) {
    const page = runTimelineQuery(db, 1, q);
    items.push(...page.items);
    if (!page.more) return items;
    q = { ...q, after: page.last };
  }
}

/** Overlap of an item's [earliest, latest] (null latest = open) with [from, to]. */
const overlaps = (from: string, to: string) => (i: ItemDoc) =>
  (i.earliest ?? '') <= to && (i.latest === null || i.latest >= from);

function expectedAt(events: readonly ProjectionEvent[], p: bigint): ItemDoc[] {
  const rows = foldAll(
    timelineItemProjection,
    events.filter((e) => e.position <= p),
  );
  return [...rows.values()]
    .map(toItemDoc)
    .sort((a, b) => ((a.earliest ?? '') + a.itemId < (b.earliest ?? '') + b.itemId ? -1 : 1));
}

describe('asOf=position:p from bitemporal rows', () => {
  afterEach(() => {
    AS_OF_PLAN.factor = 1;
  });

  it('equals folding events 1..p from scratch, for any batching and re-applied batches', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        (ops, batchSizes, picks) => {
          const events = buildHistory(ops);
          const { db, runner } = readModel();
          let at = 0;
          for (let i = 0; at < events.length; i += 1) {
            const batch = events.slice(at, at + batchSizes[i % batchSizes.length]).map(recorded);
            expect(runner.applyEvents(batch)).toBe(true);
            if (i % 2 === 1) expect(runner.applyEvents(batch)).toBe(true); // redelivery
            at += batch.length;
          }
          // The key index is built after catch-up; answers must not depend on it.
          if (batchSizes[0] % 2 === 0) indexTimelineTables(db, 1);
          for (const pick of picks) {
            const p = BigInt(pick % (events.length + 1));
            const expected = expectedAt(events, p);
            // Both unfiltered plans: the order-index walk and the scan of the rows up to p.
            for (const factor of [Infinity, 0, 1]) {
              AS_OF_PLAN.factor = factor;
              expect(runTimelineQuery(db, 1, query(p)).items).toEqual(expected);
            }
            expect(runTimelineQuery(db, 1, query(p, { includeRetracted: false })).items).toEqual(
              expected.filter((i) => i.status === 'live'),
            );
            expect(
              runTimelineQuery(db, 1, query(p, { keyGroups: [{ keys: ['c:CN'], sides: 0 }] }))
                .items,
            ).toEqual(expected.filter((i) => i.countries.includes('CN')));
            // A type filter is answered from the key rows on key and date walks.
            const threatened = expected.filter((i) => i.type === 'SanctionThreatened');
            const types = ['SanctionThreatened'];
            const cnTypes = query(p, { keyGroups: [{ keys: ['c:CN'], sides: 0 }], types });
            expect(runTimelineQuery(db, 1, cnTypes).items).toEqual(
              threatened.filter((i) => i.countries.includes('CN')),
            );
            const dayTypes = query(p, { from: '2024-01-02', to: '2024-01-02', types });
            expect(runTimelineQuery(db, 1, dayTypes).items).toEqual(
              threatened.filter(overlaps('2024-01-02', '2024-01-02')),
            );
            expect(runTimelineQuery(db, 1, query(p, { types })).items).toEqual(threatened);
            // Words with filter keys: one FTS5 intersection with the documents' key tokens.
            const optics = expected.filter((i) => String(i.fact.headline).includes('optics'));
            expect(runTimelineQuery(db, 1, query(p, { match: '"optics"' })).items).toEqual(optics);
            const cnOptics = query(p, {
              match: '"optics"',
              keyGroups: [{ keys: ['c:CN'], sides: 0 }],
            });
            expect(runTimelineQuery(db, 1, cnOptics).items).toEqual(
              optics.filter((i) => i.countries.includes('CN')),
            );
            // A side asked for: the token of that side, not of any side.
            for (const [side, entity] of [
              [SIDE_BITS.actor, 'ent:country:US'],
              [SIDE_BITS.target, 'ent:country:US'],
              [SIDE_BITS.target, 'ent:country:CN'],
            ] as const) {
              const sided = query(p, {
                match: '"optics"',
                keyGroups: [{ keys: [`e:${entity}`], sides: side }],
              });
              expect(runTimelineQuery(db, 1, sided).items).toEqual(
                optics.filter((i) =>
                  i.entities.some(
                    (e) =>
                      e.entityId === entity &&
                      e.side === (side === SIDE_BITS.actor ? 'actor' : 'target'),
                  ),
                ),
              );
            }
            // Text within a date range (the words drive): each span class's walk starts where an
            // item of that class could still overlap the range (or, with within, start inside it).
            for (const [from, to] of [
              ['2024-01-03', '2024-01-03'],
              ['2024-01-04', '2024-01-05'],
            ]) {
              const ranged = runTimelineQuery(db, 1, query(p, { match: '"optics"', from, to }));
              expect(ranged.items).toEqual(optics.filter(overlaps(from, to)));
              const within = query(p, { match: '"optics"', from, to, within: true });
              expect(runTimelineQuery(db, 1, within).items).toEqual(
                optics.filter(
                  (i) =>
                    i.earliest !== null &&
                    i.earliest >= from &&
                    i.latest !== null &&
                    i.latest <= to,
                ),
              );
            }
            // Small pages cut through days with several matches ("about" is in every headline):
            // a text page must still follow (day, itemId) order, in both directions.
            const pageSize = 1 + (pick % 3);
            expect(allPages(db, query(p, { match: '"about"', limit: pageSize }))).toEqual(expected);
            expect(
              allPages(db, query(p, { match: '"about"', limit: pageSize, order: 'desc' })),
            ).toEqual([...expected].reverse());
            const ranged = {
              match: '"about"',
              limit: pageSize,
              from: '2024-01-03',
              to: '2024-01-04',
            };
            const inRange = expected.filter(overlaps('2024-01-03', '2024-01-04'));
            expect(allPages(db, query(p, ranged))).toEqual(inRange);
            expect(allPages(db, query(p, { ...ranged, order: 'desc' }))).toEqual(
              [...inRange].reverse(),
            );
            for (const item of expected) expect(findItem(db, 1, item.itemId, p)).toEqual(item);
          }
          db.close();
        },
      ),
      { numRuns: 150 },
    );
  });
});
