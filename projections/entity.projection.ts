import { ProjectionError, type Projection } from './projection';

/**
 * The entity view: names and aliases, so that "PRC", "China" and `ent:country:CN` all find the
 * same entity. Weak aliases are searchable but never resolve a filter on their own.
 */
export interface EntityView {
  readonly entityId: string;
  readonly kind: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly weakAliases: readonly string[];
  readonly wikidataId: string | null;
  readonly countryCodes: readonly string[];
  /** The parent entity (subsidiary -> group); filters may include an entity's subsidiaries. */
  readonly parentId: string | null;
  readonly version: number;
  readonly registeredAt: string;
  readonly lastPosition: bigint;
}

export const ENTITY_STREAM_PREFIX = 'entity-';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function withAlias(list: readonly string[], alias: string): string[] {
  const lower = alias.toLowerCase();
  return list.some((a) => a.toLowerCase() === lower) ? [...list] : [...list, alias];
}

export const entityProjection: Projection<EntityView> = {
  name: 'entities',
  // 2: the view carries parentId (includeSubsidiaries).
  version: 2,
  rowKey: (event) => (event.stream.startsWith(ENTITY_STREAM_PREFIX) ? event.stream : null),
  opensRow: (event) => event.version === 1,
  evolve(current, event) {
    const where = `${event.stream}@${event.version}`;
    const data = event.data;
    if (event.type === 'EntityRegistered') {
      if (current)
        throw new ProjectionError(event.type, event.position, `${where}: already registered`);
      return {
        entityId:
          typeof data.entityId === 'string'
            ? data.entityId
            : event.stream.slice(ENTITY_STREAM_PREFIX.length),
        kind: typeof data.kind === 'string' ? data.kind : 'unknown',
        name: typeof data.name === 'string' ? data.name : '',
        aliases: strings(data.aliases),
        weakAliases: strings(data.weakAliases),
        wikidataId: typeof data.wikidataId === 'string' ? data.wikidataId : null,
        countryCodes: strings(data.countryCodes),
        parentId: typeof data.parentId === 'string' ? data.parentId : null,
        version: event.version,
        registeredAt: event.recordedAt,
        lastPosition: event.position,
      };
    }
    if (!current) {
      throw new ProjectionError(
        event.type,
        event.position,
        `${where}: ${event.type} before EntityRegistered`,
      );
    }
    if (event.type === 'EntityAliasAdded' && typeof data.alias === 'string') {
      const weak = data.weak === true;
      return {
        ...current,
        aliases: weak ? current.aliases : withAlias(current.aliases, data.alias),
        weakAliases: weak ? withAlias(current.weakAliases, data.alias) : current.weakAliases,
        version: event.version,
        lastPosition: event.position,
      };
    }
    throw new ProjectionError(event.type, event.position, `${where}: cannot fold ${event.type}`);
  },
};

/** Every name the entity answers to, lower-cased: id, name and aliases (weak ones included). */
export function entityNames(entity: EntityView): string[] {
  const all = [entity.entityId, entity.name, ...entity.aliases, ...entity.weakAliases];
  return [...new Set(all.map((n) => n.toLowerCase()))];
}
