import { Inject, Injectable } from '@nestjs/common';
import { entityStreamName, itemStreamName, type EntityEvent, type ItemEvent } from '../../events';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { DomainError } from './domain-error';

/**
 * Checks, against the event store itself (never a lagging read model), that what an event points
 * at exists. Entities are never deleted, so ids once seen are remembered.
 */
@Injectable()
export class ReferenceChecker {
  private readonly knownEntities = new Set<string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async assertItemReferencesExist(events: readonly ItemEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'ItemRetracted') {
        const other = event.data.duplicateOf;
        if (other && !(await this.streamExists(itemStreamName(other)))) {
          throw new DomainError('UNKNOWN_ITEM', `duplicateOf: no item ${other}`, [
            { field: 'duplicateOf', message: `no item ${other}` },
          ]);
        }
        continue;
      }
      const fact = event.type === 'ItemCorrected' ? event.data.fact : event.data;
      await this.assertEntitiesExist(entityIdsIn(fact, 'data'));
    }
  }

  async assertEntityReferencesExist(events: readonly EntityEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'EntityRegistered' && event.data.parentId) {
        await this.assertEntitiesExist([{ path: 'parentId', entityId: event.data.parentId }]);
      }
    }
  }

  /** One problem per place that names an unknown entity, so a client can point at each. */
  private async assertEntitiesExist(places: readonly EntityIdPlace[]): Promise<void> {
    const unknown: string[] = [];
    for (const id of new Set(places.map((place) => place.entityId))) {
      if (this.knownEntities.has(id)) continue;
      if (await this.streamExists(entityStreamName(id))) this.knownEntities.add(id);
      else unknown.push(id);
    }
    if (unknown.length > 0) {
      throw new DomainError(
        'UNKNOWN_ENTITIES',
        `unknown entity ids: ${unknown.join(', ')}`,
        places
          .filter((place) => unknown.includes(place.entityId))
          .map((place) => ({ field: place.path, message: `unknown entity ${place.entityId}` })),
        { unknownEntityIds: unknown },
      );
    }
  }

  private async streamExists(stream: string): Promise<boolean> {
    return (await this.store.readStream(stream, { limit: 1 })).length > 0;
  }
}

interface EntityIdPlace {
  readonly path: string;
  readonly entityId: string;
}

/**
 * Every `entityId` in a fact with its path (`data.actors[0].entityId`,
 * `data.statistic.partner.entityId`): entity references are the only objects of a fact that carry
 * one, common lists and type-specific fields alike.
 */
function entityIdsIn(value: unknown, path: string, found: EntityIdPlace[] = []): EntityIdPlace[] {
  if (Array.isArray(value)) {
    value.forEach((element, index) => entityIdsIn(element, `${path}[${index}]`, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'entityId' && typeof child === 'string') {
        found.push({ path: `${path}.entityId`, entityId: child });
      } else {
        entityIdsIn(child, `${path}.${key}`, found);
      }
    }
  }
  return found;
}
