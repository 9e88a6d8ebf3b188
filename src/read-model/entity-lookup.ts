import type Database from 'better-sqlite3';
import type { EntityDoc } from './entity-sink';

/**
 * The entity tables' queries, by generation: the registered entities, their names and aliases
 * (lower-cased in entity_names, `weak` for aliases several entities share), and parentId trees.
 */
export function findEntity(
  db: Database.Database,
  gen: number,
  entityId: string,
): EntityDoc | undefined {
  const row = db.prepare(`SELECT doc FROM entities_g${gen} WHERE entity_id = ?`).get(entityId) as
    { doc: string } | undefined;
  return row ? (JSON.parse(row.doc) as EntityDoc) : undefined;
}

/** Entity ids whose name or (non-weak) alias is `value`, case-insensitively. */
export function entityIdsNamed(db: Database.Database, gen: number, value: string): string[] {
  const rows = db
    .prepare(
      `SELECT DISTINCT entity_id AS id FROM entity_names_g${gen} WHERE name = ? AND weak = 0 ORDER BY entity_id`,
    )
    .all(value.toLowerCase()) as { id: string }[];
  return rows.map((r) => r.id);
}

/** Entities whose name or alias is, starts with, or contains `q` (in that rank), then by id. */
export function searchEntityNames(
  db: Database.Database,
  gen: number,
  q: string,
  limit: number,
): EntityDoc[] {
  const lower = q.toLowerCase();
  const escaped = lower.replace(/[\\%_]/g, (c) => `\\${c}`);
  const rows = db
    .prepare(
      `SELECT e.doc AS doc, min(CASE WHEN n.name = ? THEN 0 WHEN n.name LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END) AS rank
       FROM entity_names_g${gen} n JOIN entities_g${gen} e ON e.entity_id = n.entity_id
       WHERE n.name LIKE ? ESCAPE '\\' GROUP BY e.entity_id ORDER BY rank, e.entity_id LIMIT ?`,
    )
    .all(lower, `${escaped}%`, `%${escaped}%`, limit) as { doc: string }[];
  return rows.map((r) => JSON.parse(r.doc) as EntityDoc);
}

/** The named entities that exist, in id order. */
export function entitiesWithIds(
  db: Database.Database,
  gen: number,
  ids: readonly string[],
): EntityDoc[] {
  const rows = db
    .prepare(
      `SELECT doc FROM entities_g${gen}
       WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY entity_id`,
    )
    .all(JSON.stringify(ids)) as { doc: string }[];
  return rows.map((r) => JSON.parse(r.doc) as EntityDoc);
}

/** The entities and every entity below them through parentId (subsidiaries, offices). */
export function withDescendants(
  db: Database.Database,
  gen: number,
  ids: readonly string[],
): string[] {
  const table = `entities_g${gen}`;
  const rows = db
    .prepare(
      `WITH RECURSIVE tree(id) AS (
         SELECT value FROM json_each(?)
         UNION
         SELECT e.entity_id FROM ${table} e JOIN tree ON json_extract(e.doc, '$.parentId') = tree.id
       )
       SELECT id FROM tree`,
    )
    .all(JSON.stringify(ids)) as { id: string }[];
  return rows.map((row) => row.id);
}
