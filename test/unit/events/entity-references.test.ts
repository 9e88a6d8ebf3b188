import { entityReferences, referencedEntityIds } from '../../../events';
import { seedItemCommands, type RecordItemCommand } from '../../../events/seed';

const recorded = seedItemCommands().filter((c): c is RecordItemCommand => c.kind === 'record-item');
const item = (itemId: string) => recorded.find((c) => c.itemId === itemId) as RecordItemCommand;
const sides = (command: RecordItemCommand) =>
  entityReferences(command.type, command.data).map((r) => `${r.side}:${r.role}:${r.entityId}`);

describe('entityReferences', () => {
  it('puts a sanction authority on the actor side and sanctioned parties on the target side', () => {
    const refs = entityReferences(
      item('cn-mfa-decree-5-2024').type,
      item('cn-mfa-decree-5-2024').data,
    );
    expect(refs).toContainEqual({ entityId: 'ent:org:cn-mfa', role: 'authority', side: 'actor' });
    expect(refs).toContainEqual({
      entityId: 'ent:company:ga-asi',
      role: 'target',
      side: 'target',
      nameAsCited: 'General Atomics Aeronautical Systems',
    });
  });

  it('walks nested type-specific references (suppliers in supply lines, statistic parties)', () => {
    expect(sides(item('optics-supply-allegation'))).toEqual(
      expect.arrayContaining([
        'actor:supplier:ent:org:ncrieo',
        'target:recipient:ent:country:RU',
        'other:alleging-party:ent:country:US',
      ]),
    );
    expect(sides(item('trade-semiconductors-2021-2022'))).toContain(
      'other:stated-by:ent:org:free-russia-foundation',
    );
  });

  it('includes the issuer and implementers of a legal instrument', () => {
    expect(sides(item('eo-14114'))).toEqual(
      expect.arrayContaining([
        'actor:issuer:ent:person:joseph-biden',
        'other:implementer:ent:org:us-treasury',
      ]),
    );
  });

  it('lists a reference repeated in actors and a typed field once per (entity, role, side)', () => {
    const refs = sides(item('bis-entity-list-2019-10-09'));
    expect(refs.filter((r) => r === 'target:target:ent:company:hikvision')).toHaveLength(1);
  });

  it('gives each entity once in referencedEntityIds', () => {
    const command = item('xi-lavrov-2024-04-09');
    expect(referencedEntityIds(command.type, command.data).sort()).toEqual([
      'ent:country:CN',
      'ent:country:RU',
      'ent:person:sergey-lavrov',
      'ent:person:xi-jinping',
    ]);
  });
});
