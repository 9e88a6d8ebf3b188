import { Inject, Injectable } from '@nestjs/common';
import {
  entityReferences,
  entityStreamName,
  itemStreamName,
  type EntityEvent,
  type ItemEvent,
} from '../../events';
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
      const [type, fact] =
        event.type === 'ItemCorrected'
          ? [event.data.factType, event.data.fact]
          : [event.type, event.data];
      await this.assertEntitiesExist(entityReferences(type, fact).map((ref) => ref.entityId));
    }
  }

  async assertEntityReferencesExist(events: readonly EntityEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'EntityRegistered' && event.data.parentId) {
        await this.assertEntitiesExist([event.data.parentId], 'parentId');
      }
    }
  }

  private async assertEntitiesExist(ids: readonly string[], field?: string): Promise<void> {
    const unknown: string[] = [];
    for (const id of new Set(ids)) {
      if (this.knownEntities.has(id)) continue;
      if (await this.streamExists(entityStreamName(id))) this.knownEntities.add(id);
      else unknown.push(id);
    }
    if (unknown.length > 0) {
      throw new DomainError(
        'UNKNOWN_ENTITIES',
        `unknown entity ids: ${unknown.join(', ')}`,
        unknown.map((id) => ({ field: field ?? 'entityId', message: `unknown entity ${id}` })),
        { unknownEntityIds: unknown },
      );
    }
  }

  private async streamExists(stream: string): Promise<boolean> {
    return (await this.store.readStream(stream, { limit: 1 })).length > 0;
  }
}
