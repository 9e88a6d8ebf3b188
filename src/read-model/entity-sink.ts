import type Database from 'better-sqlite3';
import { entityNames, type EntityView, type RowChange } from '../../projections';
import type { ProjectionSink } from './projection-sink';

/** The entity view as stored and served: positions as decimal strings. */
export type EntityDoc = Omit<EntityView, 'lastPosition'> & { readonly lastPosition: string };

export function toEntityDoc(view: EntityView): EntityDoc {
  return { ...view, lastPosition: view.lastPosition.toString() };
}

/** Writes entity changes (current state only: entities are looked up now, not as of the past). */
export class EntitySink implements ProjectionSink<EntityView> {
  private readonly current: Database.Statement<[string], { doc: string }>;
  private readonly upsert: Database.Statement;
  private readonly clearNames: Database.Statement;
  private readonly insertName: Database.Statement;

  constructor(db: Database.Database, gen: number) {
    const s = `_g${gen}`;
    this.current = db.prepare(`SELECT doc FROM entities${s} WHERE entity_id = ?`);
    this.upsert = db.prepare(
      `INSERT INTO entities${s} (entity_id, last_position, doc) VALUES (?, ?, ?)
       ON CONFLICT (entity_id) DO UPDATE SET last_position = excluded.last_position, doc = excluded.doc`,
    );
    this.clearNames = db.prepare(`DELETE FROM entity_names${s} WHERE entity_id = ?`);
    this.insertName = db.prepare(
      `INSERT OR REPLACE INTO entity_names${s} (name, entity_id, weak) VALUES (?, ?, ?)`,
    );
  }

  lookup(key: string): EntityView | undefined {
    const row = this.current.get(key.slice('entity-'.length));
    if (!row) return undefined;
    const doc = JSON.parse(row.doc) as EntityDoc;
    return { ...doc, lastPosition: BigInt(doc.lastPosition) };
  }

  apply(changes: readonly RowChange<EntityView>[]): void {
    for (const { next } of changes) {
      this.upsert.run(next.entityId, next.lastPosition, JSON.stringify(toEntityDoc(next)));
      this.clearNames.run(next.entityId);
      const weak = new Set(next.weakAliases.map((a) => a.toLowerCase()));
      const strong = new Set(
        [next.entityId, next.name, ...next.aliases].map((a) => a.toLowerCase()),
      );
      for (const name of entityNames(next)) {
        this.insertName.run(name, next.entityId, weak.has(name) && !strong.has(name) ? 1 : 0);
      }
    }
  }
}
