import { applyPatch, deepClone } from 'fast-json-patch';
import {
  correctFact,
  entityReferences,
  factFromInput,
  isFactType,
  validateCorrectionBody,
  validateEntityData,
  validateFactData,
  validateRetractionBody,
  type Fact,
  type FactType,
} from '../../../events';
import { loadSeedCommands, seedEntityCommands, seedItemCommands } from '../../../events/seed';

const entities = seedEntityCommands();
const items = seedItemCommands();
const entityIds = new Set(entities.map((command) => command.data.entityId));
const recorded = items.flatMap((c) => (c.kind === 'record-item' ? [c] : []));
const typeOf = new Map(recorded.map((c) => [c.itemId, c.type]));

describe('seed story', () => {
  it('has the 26 entities and 12 items of the reference, plus 2 follow-up corrections and 1 retraction', () => {
    expect(entities).toHaveLength(26);
    expect(recorded).toHaveLength(12);
    expect(items.filter((c) => c.kind === 'correct-item')).toHaveLength(2);
    expect(items.filter((c) => c.kind === 'retract-item')).toHaveLength(1);
  });

  it('gives every command a distinct idempotency key', () => {
    const keys = loadSeedCommands().map((command) => command.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(entities.map((c) => [c.data.entityId, c] as const))(
    'entity %s validates',
    (_id, command) => {
      expect(validateEntityData(command.data)).toEqual([]);
    },
  );

  it('registers each parent before the entities that point at it', () => {
    const seen = new Set<string>();
    for (const { data } of entities) {
      if (data.parentId !== undefined) expect(seen).toContain(data.parentId);
      seen.add(data.entityId);
    }
  });

  it.each(recorded.map((c) => [c.itemId, c] as const))(
    'item %s validates and names only seeded entities',
    (_id, command) => {
      expect(isFactType(command.type)).toBe(true);
      expect(validateFactData(command.type, command.data)).toEqual([]);
      const unknown = entityReferences(command.type, command.data).filter(
        (ref) => !entityIds.has(ref.entityId),
      );
      expect(unknown).toEqual([]);
    },
  );

  it('links only to items the seed records', () => {
    const json = JSON.stringify(recorded.map((c) => c.data));
    const linked = [...json.matchAll(/"(?:itemId|derivedItemId)":"([^"]+)"/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(0);
    for (const itemId of linked) expect(typeOf.has(itemId)).toBe(true);
  });

  it('replays follow-ups only on recorded items, with valid bodies whose patches apply and validate', () => {
    const facts = new Map<string, Fact>();
    for (const command of items) {
      if (command.kind === 'record-item') {
        const outcome = factFromInput(command.type, command.data);
        if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
        facts.set(command.itemId, outcome.fact);
      } else if (command.kind === 'correct-item') {
        expect(validateCorrectionBody(command.data)).toEqual([]);
        const type = typeOf.get(command.itemId) as FactType;
        const outcome = correctFact(type, facts.get(command.itemId) as never, command.data.patch);
        expect(outcome).toMatchObject({ ok: true });
        if (outcome.ok) facts.set(command.itemId, outcome.fact);
      } else {
        expect(validateRetractionBody(command.data)).toEqual([]);
        expect(typeOf.has(command.data.duplicateOf as string)).toBe(true);
      }
    }
    const blinken = facts.get('blinken-china-trip-2024-04') as Fact & {
      engagement: { status: string };
    };
    expect(blinken.engagement.status).toBe('occurred');
    expect(blinken.occurred).toMatchObject({
      earliest: '2024-04-24',
      latest: '2024-04-26',
      precision: 'interval',
    });
    const tools = facts.get('trade-machine-tools-2023q4') as Fact & {
      statistic: { observations: { share: { qualifier: string } }[] };
    };
    expect(tools.statistic.observations[0].share.qualifier).toBe('approximately');
    expect(tools.sources.map((s) => s.publisher)).toContain(
      'The Guardian (reprinted by ExBulletin)',
    );
  });

  it('applies its patches with fast-json-patch directly too (no derived fields in any path)', () => {
    for (const command of items) {
      if (command.kind !== 'correct-item') continue;
      const base = recorded.find((c) => c.itemId === command.itemId)?.data;
      const result = applyPatch(
        deepClone(base),
        deepClone(command.data.patch),
        true,
        false,
      ).newDocument;
      const type = typeOf.get(command.itemId) as FactType;
      expect(validateFactData(type, result)).toEqual([]);
      for (const op of command.data.patch)
        expect(op.path).not.toMatch(/^\/occurred\/(earliest|latest|precision)/);
    }
  });

  it('keeps the reference blanks blank: no invented Wikidata ids', () => {
    const withWikidata = entities
      .filter((c) => c.data.wikidataId !== undefined)
      .map((c) => c.data.entityId);
    expect(withWikidata.sort()).toEqual([
      'ent:country:CN',
      'ent:country:RU',
      'ent:country:TW',
      'ent:country:UA',
      'ent:country:US',
      'ent:person:xi-jinping',
    ]);
  });
});
