/** The events of an entity stream (`entity-<entityId>`). */
import type { Identifier } from './common';

export const ENTITY_KINDS = [
  'country',
  'person',
  'public-body',
  'company',
  'organization',
  'international-organization',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Also the body of POST /entities. */
export interface EntityRegisteredData {
  /** e.g. `ent:country:CN`, `ent:company:ga-asi`. */
  readonly entityId: string;
  readonly kind: EntityKind;
  readonly name: string;
  /** Names that identify the entity on their own. */
  readonly aliases: readonly string[];
  /** Metonyms ("Beijing", "the Kremlin") that may mean the entity, but not for automatic matching. */
  readonly weakAliases?: readonly string[];
  /** e.g. `Q148`. */
  readonly wikidataId?: string;
  /** ISO 3166-1 alpha-2. */
  readonly countryCodes?: readonly string[];
  /** The parent entity (subsidiary -> group, office -> department); must be registered. */
  readonly parentId?: string;
  /** Registry or market identifiers, e.g. `{ scheme: 'szse-ticker', value: '002415' }`. */
  readonly identifiers?: readonly Identifier[];
  readonly notes?: string;
}

/** Also the body of POST /entities/{id}/aliases. */
export interface EntityAliasAddedData {
  readonly alias: string;
  readonly weak?: boolean;
}

export interface EntityRegisteredEvent {
  readonly type: 'EntityRegistered';
  readonly data: EntityRegisteredData;
}
export interface EntityAliasAddedEvent {
  readonly type: 'EntityAliasAdded';
  readonly data: EntityAliasAddedData;
}
export type EntityEvent = EntityRegisteredEvent | EntityAliasAddedEvent;
export type EntityEventType = EntityEvent['type'];

/** `ent:country:CN` -> `entity-ent:country:CN`. */
export function entityStreamName(entityId: string): string {
  return `entity-${entityId}`;
}
