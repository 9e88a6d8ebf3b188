import type Database from 'better-sqlite3';
import { AS_OF_PLAN, changedItems, findItem } from '../../src/read-model/timeline-query';
import { fact, ReadSideApp } from './read-side.fixture';

/**
 * Every statement a read runs, as SQLite plans it (EXPLAIN QUERY PLAN) on a built read model:
 * each query mix must walk an index in its answer's order. A forgotten index column, or a
 * predicate SQLite can no longer push into the index, fails here instead of in a 1M benchmark.
 */
const CN = 'ent:country:CN';
const US = 'ent:country:US';

/**
 * The request paths of the read benchmark's mixes, and what each must drive on. Without a filter
 * the plan depends on how much of the log the answer's position covers (AS_OF_PLAN): at scale
 * the order index is walked, which is what these tests pin by setting the factor to Infinity.
 */
const MIXES: readonly [string, string, RegExp][] = [
  [
    'no filter, newest first',
    '/timeline?order=desc',
    /SCAN i USING (COVERING )?INDEX items_g\d+_by_sort/,
  ],
  ['entity', '/timeline?entity=PRC', /SEARCH d USING COVERING INDEX item_keys_g\d+_by_key \(k=\?/],
  [
    'country + topic',
    '/timeline?country=CN&topic=export-controls',
    /SEARCH d USING COVERING INDEX item_keys_g\d+_by_key \(k=\?/,
  ],
  [
    'date range + type',
    '/timeline?from=2024-01&to=2024-06&type=SanctionImposed',
    /SEARCH d USING COVERING INDEX item_keys_g\d+_by_key \(k=\? AND sort_key>\?/,
  ],
  ['text + confidence', '/timeline?q=banks&confidence=>=reported', /SCAN f VIRTUAL TABLE INDEX/],
  ['text + entity', '/timeline?q=banks&entity=PRC', /SCAN f VIRTUAL TABLE INDEX/],
  ['text + one month', '/timeline?q=banks&from=2024-04&to=2024-04', /SCAN f VIRTUAL TABLE INDEX/],
  ['asOf, no filter', '/timeline?asOf=position:5', /SCAN i USING INDEX items_g\d+_by_sort/],
  [
    'asOf + entity',
    '/timeline?asOf=position:5&entity=PRC',
    /SEARCH d USING COVERING INDEX item_keys_g\d+_by_key \(k=\?/,
  ],
  [
    'asOf + country',
    '/timeline?asOf=position:5&country=US',
    /SEARCH d USING COVERING INDEX item_keys_g\d+_by_key \(k=\?/,
  ],
];

interface Ran {
  readonly sql: string;
  readonly args: unknown[];
}

/** Records every statement prepared on `db` and the arguments it ran with. */
function recording(db: Database.Database): { ran: Ran[]; stop(): void } {
  const ran: Ran[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        ran.push({ sql, args });
        return run(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  return { ran, stop: () => void (db.prepare = prepare) };
}

function plan(db: Database.Database, { sql, args }: Ran): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map(
    (row) => row.detail,
  );
}

describe('query plans', () => {
  let t: ReadSideApp;
  beforeAll(async () => {
    t = await ReadSideApp.start();
    await t.registerEntity(CN, 'China', ['PRC']);
    await t.registerEntity(US, 'United States', ['USA']);
    for (let n = 0; n < 12; n++) {
      await t.append(
        `item-plan-${n}`,
        'SanctionImposed',
        fact({
          headline: `Treasury blocks Chinese banks ${n}`,
          days: [`2024-0${(n % 6) + 1}-12`, `2024-0${(n % 6) + 1}-12`],
          actors: [US],
          targets: [CN],
          countries: ['US', 'CN'],
          topics: ['export-controls'],
        }),
      );
    }
  });
  afterAll(() => t.stop());

  it.each(MIXES)('%s walks an index in answer order', async (_mix, path, driver) => {
    AS_OF_PLAN.factor = Infinity;
    const recorder = recording(t.readModel.db);
    let status: number;
    try {
      status = (await t.get(path)).status;
    } finally {
      recorder.stop();
      AS_OF_PLAN.factor = 1;
    }
    expect(status).toBe(200);
    const walks = recorder.ran.filter(({ sql }) => /FROM (items|item_keys|item_fts)_g/.test(sql));
    expect(walks.length).toBeGreaterThan(0);
    const plans = walks.map((walk) => plan(t.readModel.db, walk));
    expect(plans.some((lines) => lines.some((line) => driver.test(line)))).toBe(true);
    for (const lines of plans) {
      // Sorting the candidates would read every match before the first page is known.
      expect(lines.filter((line) => /TEMP B-TREE/.test(line))).toEqual([]);
      // A full scan of the key or item tables, other than the asOf prefix scan by rowid.
      const scans = lines.filter((l) => /^SCAN (d|x|item_keys)\b/.test(l));
      expect(scans).toEqual([]);
    }
  });

  it('scans the prefix of the log by rowid for an asOf early in the log (then sorts that prefix)', async () => {
    AS_OF_PLAN.factor = 0;
    const recorder = recording(t.readModel.db);
    try {
      expect((await t.get('/timeline?asOf=position:5')).status).toBe(200);
    } finally {
      recorder.stop();
      AS_OF_PLAN.factor = 1;
    }
    const walk = recorder.ran.find(({ sql }) => /NOT INDEXED/.test(sql));
    expect(walk).toBeDefined();
    expect(plan(t.readModel.db, walk!).join('\n')).toMatch(
      /SEARCH i USING INTEGER PRIMARY KEY \(rowid<\?\)/,
    );
  });

  it('reads one item as of a position through the covering index', () => {
    const recorder = recording(t.readModel.db);
    try {
      findItem(t.readModel.db, t.readModel.timeline.activeGen, 'plan-3', 5n);
    } finally {
      recorder.stop();
    }
    expect(plan(t.readModel.db, recorder.ran[0]).join('\n')).toMatch(
      /SEARCH i USING (COVERING )?INDEX items_g\d+_by_item_covering \(item_id=\? AND valid_to>\?\)/,
    );
  });

  it("reads the change feed's next changes by rowid, not by scanning every version", () => {
    const recorder = recording(t.readModel.db);
    try {
      changedItems(t.readModel.db, t.readModel.timeline.activeGen, 5n, 100n, 500);
    } finally {
      recorder.stop();
    }
    const lines = recorder.ran.flatMap((ran) => plan(t.readModel.db, ran));
    // max(row_id) is read off the B-tree's last page ("SEARCH items_gN"); the rest are rowid seeks.
    expect(
      lines.filter(
        (line) => !/^SEARCH items_g\d+( USING INTEGER PRIMARY KEY \(rowid[<>]=?\?\))?$/.test(line),
      ),
    ).toEqual([]);
    expect(lines.filter((line) => /TEMP B-TREE/.test(line))).toEqual([]);
  });
});
