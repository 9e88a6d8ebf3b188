import { entityNames, entityProjection, foldAll, reduceBatch } from '../../../projections';
import { HistoryBuilder } from './history-builder';

describe('entity projection', () => {
  it('registers an entity with its names and aliases', () => {
    const h = new HistoryBuilder();
    h.register('ent:country:CN', 'China', ['PRC', "People's Republic of China"], ['Beijing']);
    const cn = foldAll(entityProjection, h.events).get('entity-ent:country:CN')!;
    expect(cn).toMatchObject({
      entityId: 'ent:country:CN',
      name: 'China',
      version: 1,
      lastPosition: 1n,
      parentId: null,
    });
    expect(entityNames(cn)).toEqual([
      'ent:country:cn',
      'china',
      'prc',
      "people's republic of china",
      'beijing',
    ]);
  });

  it('adds strong and weak aliases without duplicates (case-insensitively)', () => {
    const h = new HistoryBuilder();
    h.register('ent:country:CN', 'China', ['PRC']);
    h.alias('ent:country:CN', 'Zhongguo');
    h.alias('ent:country:CN', 'prc');
    h.alias('ent:country:CN', 'Beijing', true);
    const cn = foldAll(entityProjection, h.events).get('entity-ent:country:CN')!;
    expect(cn.aliases).toEqual(['PRC', 'Zhongguo']);
    expect(cn.weakAliases).toEqual(['Beijing']);
    expect(cn.version).toBe(4);
  });

  it('ignores item streams and refuses an alias before registration', () => {
    const h = new HistoryBuilder();
    h.open('a');
    h.alias('ent:country:XX', 'Nowhere');
    const { changes, failed } = reduceBatch(entityProjection, () => undefined, h.events);
    expect(changes).toEqual([]);
    expect(failed?.event.type).toBe('EntityAliasAdded');
  });

  it('changes nothing when an event is applied twice', () => {
    const h = new HistoryBuilder();
    h.register('ent:country:CN', 'China', ['PRC']);
    h.alias('ent:country:CN', 'Zhongguo');
    const rows = foldAll(entityProjection, h.events);
    expect(foldAll(entityProjection, h.events, rows)).toEqual(rows);
    expect(foldAll(entityProjection, h.events.slice(1), rows)).toEqual(rows);
  });
});
