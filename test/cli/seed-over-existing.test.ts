import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './cli-runner';

// Each case starts Node processes that boot Nest; slow machines need more than the default 30 s.
jest.setTimeout(180_000);

function streams(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT stream FROM events ORDER BY position').all() as never[]).map(
      (row: { stream: string }) => row.stream,
    );
  } finally {
    db.close();
  }
}

const entityRecord = (data: Record<string, unknown>) =>
  JSON.stringify({
    kind: 'register-entity',
    idempotencyKey: `by-hand:${String(data.entityId)}`,
    data,
  });

describe('seeding over entities and items recorded another way', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'seed-over-existing-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps an entity registered by hand in the same form and reports what differs', async () => {
    // The README's entity example: the seed's China with fewer details, under another key.
    const file = join(dataDir, 'by-hand.ndjson');
    writeFileSync(
      file,
      entityRecord({
        entityId: 'ent:country:CN',
        kind: 'country',
        name: "People's Republic of China",
        aliases: ['China', 'PRC'],
      }) + '\n',
    );
    expect((await runCli(['import', file], dataDir)).code).toBe(0);

    const seeded = await runCli(['seed'], dataDir);
    expect(seeded.code).toBe(0);
    const summary = JSON.parse(seeded.stdout);
    expect(summary.matchedExisting).toBe(1);
    expect(summary.appended).toBe(summary.processed - 1);
    expect(seeded.stderr).toContain(
      "note: seed record 1: entity-ent:country:CN already exists and was kept as it is; the record's aliases, countryCodes, weakAliases, wikidataId differ and were not applied",
    );
    expect(streams(dataDir).filter((s) => s === 'entity-ent:country:CN')).toHaveLength(1);

    const again = await runCli(['seed'], dataDir);
    expect(JSON.parse(again.stdout)).toMatchObject({ appended: 0, matchedExisting: 1 });
  });

  it('stops at an entity id that means something else, naming it, and says how to resume', async () => {
    const file = join(dataDir, 'clash.ndjson');
    writeFileSync(
      file,
      entityRecord({
        entityId: 'ent:country:RU',
        kind: 'company',
        name: 'Russian Federation',
        aliases: ['RU Inc'],
      }) + '\n',
    );
    expect((await runCli(['import', file], dataDir)).code).toBe(0);
    const before = streams(dataDir).length;

    const seeded = await runCli(['seed'], dataDir);
    expect(seeded.code).toBe(1);
    expect(seeded.stderr).toContain(
      'import stopped at seed record 2: entity ent:country:RU is already registered as something else (kind "company" ≠ "country")',
    );
    expect(seeded.stderr).toContain('1 earlier records were imported (1 appended');
    // Only the record before the clash was written.
    expect(streams(dataDir)).toHaveLength(before + 1);
  });
});
