import { ApiError } from '../http/error-catalogue';
import type { ItemDoc } from '../read-model/item-doc';
import type { ReadQueries } from '../read-model/read-queries';
import type { EntityNames } from './item-fields';

/**
 * Registered entity names for one export, looked up page by page and remembered, so an entity
 * cited on every page (a country, a ministry) is read once, not once per page. It grows with the
 * number of distinct entities an export cites, which stays far below its number of items.
 *
 * Names are as registered now: entities are current-state only, whatever the export's asOf. An
 * id with no registered entity (or an empty name) is remembered as missing, and its items keep
 * the name they cited.
 */
export class EntityNameCache {
  private readonly names = new Map<string, string>();
  private readonly lookedUp = new Set<string>();

  constructor(private readonly queries: Pick<ReadQueries, 'entity'>) {}

  /** The names of the entities `items` cite, and of every entity looked up before. */
  forItems(items: readonly ItemDoc[]): EntityNames {
    for (const item of items) {
      for (const ref of item.entities) this.lookUp(ref.entityId);
    }
    return this.names;
  }

  nameOf(entityId: string): string | undefined {
    this.lookUp(entityId);
    return this.names.get(entityId);
  }

  private lookUp(entityId: string): void {
    if (this.lookedUp.has(entityId)) return;
    this.lookedUp.add(entityId);
    try {
      const name = this.queries.entity(entityId).name;
      if (name !== '') this.names.set(entityId, name);
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
    }
  }
}
