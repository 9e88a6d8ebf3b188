import { Inject, Injectable } from '@nestjs/common';
import { CONFIDENCE_LEVELS } from '../../events/common';
import { isCountryCode, KEBAB_CASE_PATTERN } from '../../events/schemas/rules';
import { FACT_EVENT_TYPES } from '../../projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ApiError } from '../http/error-catalogue';
import type { EntityDoc } from './entity-sink';
import { SIDE_BITS, type ItemDoc } from './item-doc';
import * as p from './query-params';
import { OPEN } from './read-model-schema';
import { ReadModelService } from './read-model.service';
import {
  findItem,
  positionAtInstant,
  runTimelineQuery,
  type KeyGroup,
  type TimelineQuery,
} from './timeline-query';

export interface TimelineResponse {
  readonly items: ItemDoc[];
  readonly nextCursor: string | null;
  /** The position the answer reflects (the asOf position, or the read model's checkpoint). */
  readonly position: string;
}

/** Turns validated HTTP parameters into read-model queries (the query side of CQRS). */
@Injectable()
export class ReadQueries {
  constructor(
    private readonly readModel: ReadModelService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'minPositionWaitMs'>,
    @Inject(EVENT_STORE) private readonly store: Pick<EventStore, 'headPosition'>,
  ) {}

  /** Honours minPosition and asOf; returns the position to read at (OPEN - 1 = now). */
  async resolveAt(query: p.RawQuery): Promise<{ at: bigint; position: bigint }> {
    const minPosition = p.position(query, 'minPosition');
    const asOf = p.asOf(query);
    if (asOf && 'position' in asOf) await this.assertInLog(asOf.position);
    const needed = [minPosition, asOf && 'position' in asOf ? asOf.position : undefined]
      .filter((v): v is bigint => v !== undefined)
      .reduce((a, b) => (a > b ? a : b), 0n);
    if (
      needed > 0n &&
      !(await this.readModel.waitForPosition(needed, this.config.minPositionWaitMs))
    ) {
      throw new ApiError(
        'NOT_CAUGHT_UP',
        `the read model is at position ${this.readModel.position()}, not yet ${needed}`,
        { headers: { 'Retry-After': '1' }, position: this.readModel.position().toString() },
      );
    }
    if (!asOf) return { at: OPEN - 1n, position: this.readModel.position() };
    if ('position' in asOf) return { at: asOf.position, position: asOf.position };
    const at = positionAtInstant(
      this.readModel.db,
      this.readModel.timeline.activeGen,
      asOf.instant,
    );
    return { at, position: at };
  }

  /**
   * An asOf position the store has not reached names a state that does not exist (yet): a 400, as
   * /audit/* answers, rather than a wait and a 503 that a client honouring Retry-After would
   * repeat forever. Only a position the store has and the read model lacks is worth waiting for.
   * The head is read only when the read model is behind the position (the common case costs nothing).
   */
  private async assertInLog(position: bigint): Promise<void> {
    if (position <= this.readModel.position()) return;
    const head = await this.store.headPosition();
    if (position > head)
      throw ApiError.invalidQuery(
        'asOf',
        `position ${position} is beyond the head of the log (${head})`,
      );
  }

  /**
   * The filter of a timeline request (everything but the moment it is read at), checked as
   * /timeline checks it: the change feed applies exactly this to each change.
   */
  filter(
    query: p.RawQuery,
    entityId?: string,
    options: { readonly topicsYetUnused?: boolean } = {},
  ): Omit<TimelineQuery, 'at'> {
    // Every parameter is checked before any is used, so one answer names each bad one.
    p.reportEvery([
      () => timelineOrder(query),
      () => factTypes(query),
      () => p.bool(query, 'includeSubsidiaries', false),
      () => countryGroups(query),
      () => topicGroups(query),
      () => dayRange(query),
      () => p.bool(query, 'within', false),
      () => confidences(query),
      () => ftsExpression(query),
      () => p.bool(query, 'includeRetracted', false),
      () => p.integer(query, 'limit', 50, 1, 500),
      () => {
        const order = p.single(query, 'order') ?? 'asc';
        // An invalid order is reported on its own; a cursor is checked against a valid one.
        if (order === 'asc' || order === 'desc') decodeCursor(p.single(query, 'cursor'), order);
      },
      () => p.position(query, 'minPosition'),
      () => p.asOf(query),
    ]);
    const order = timelineOrder(query);
    const types = factTypes(query);
    const subsidiaries = p.bool(query, 'includeSubsidiaries', false);
    const withSubsidiaries = (ids: string[]) => (subsidiaries ? this.descendants(ids) : ids);
    const keyGroups: KeyGroup[] = [];
    if (entityId)
      keyGroups.push({ keys: withSubsidiaries([entityId]).map((id) => `e:${id}`), sides: 0 });
    const sides = [
      ['entity', 0],
      ['actor', SIDE_BITS.actor],
      ['target', SIDE_BITS.target],
    ] as const;
    for (const [param, mask] of sides) {
      for (const value of p.list(query, param, false)) {
        const keys = withSubsidiaries(this.resolveEntity(param, value)).map((id) => `e:${id}`);
        keyGroups.push({ keys, sides: mask });
      }
    }
    // A comma list is any of its values (country=CN,TW: either); a repeated parameter requires
    // each (country=CN&country=TW: both), as entity does.
    for (const codes of countryGroups(query)) {
      keyGroups.push({ keys: codes.map((c) => `c:${c}`), sides: 0 });
    }
    for (const group of topicGroups(query)) {
      const keys = group.map((t) => `p:${t}`);
      // A feed may wait for a topic nothing carries yet; a query of the past may not.
      if (!options.topicsYetUnused) this.assertSomeTopicKnown(group, keys);
      keyGroups.push({ keys, sides: 0 });
    }
    const { from, to } = dayRange(query);
    return {
      keyGroups,
      from,
      to,
      within: p.bool(query, 'within', false),
      types,
      confidences: confidences(query),
      match: ftsExpression(query),
      includeRetracted: p.bool(query, 'includeRetracted', false),
      order,
      limit: p.integer(query, 'limit', 50, 1, 500),
      after: decodeCursor(p.single(query, 'cursor'), order),
    };
  }

  async timeline(query: p.RawQuery, entityId?: string): Promise<TimelineResponse> {
    const filter = this.filter(query, entityId);
    const { at, position } = await this.resolveAt(query);
    const tq: TimelineQuery = { ...filter, at };
    const order = filter.order;
    const page = runTimelineQuery(this.readModel.db, this.readModel.timeline.activeGen, tq);
    return {
      items: page.items,
      nextCursor: page.more && page.last ? encodeCursor({ ...page.last, order }) : null,
      position: position.toString(),
    };
  }

  async item(itemId: string, query: p.RawQuery): Promise<ItemDoc> {
    const { at } = await this.resolveAt(query);
    const item = findItem(this.readModel.db, this.readModel.timeline.activeGen, itemId, at);
    if (!item)
      throw new ApiError(
        'NOT_FOUND',
        `no item ${itemId}${at < OPEN - 1n ? ` as of position ${at}` : ''}`,
      );
    return item;
  }

  entity(entityId: string): EntityDoc {
    const row = this.readModel.db
      .prepare(`SELECT doc FROM entities_g${this.readModel.entities.activeGen} WHERE entity_id = ?`)
      .get(entityId) as { doc: string } | undefined;
    if (!row) throw new ApiError('NOT_FOUND', `no entity ${entityId}`);
    return JSON.parse(row.doc) as EntityDoc;
  }

  searchEntities(query: p.RawQuery): EntityDoc[] {
    p.reportEvery([
      () => p.list(query, 'id', true),
      () => p.single(query, 'q'),
      () => p.integer(query, 'limit', 50, 1, 500),
    ]);
    const ids = p.list(query, 'id', true);
    if (ids.length > 0) return this.entitiesById(ids, query);
    const q = (p.single(query, 'q') ?? '').toLowerCase();
    const limit = p.integer(query, 'limit', 50, 1, 500);
    const gen = this.readModel.entities.activeGen;
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = this.readModel.db
      .prepare(
        `SELECT e.doc AS doc, min(CASE WHEN n.name = ? THEN 0 WHEN n.name LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END) AS rank
         FROM entity_names_g${gen} n JOIN entities_g${gen} e ON e.entity_id = n.entity_id
         WHERE n.name LIKE ? ESCAPE '\\' GROUP BY e.entity_id ORDER BY rank, e.entity_id LIMIT ?`,
      )
      .all(q, `${escaped}%`, `%${escaped}%`, limit) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as EntityDoc);
  }

  /** The named entities that exist, in id order: one request for a page's display names. */
  private entitiesById(ids: readonly string[], query: p.RawQuery): EntityDoc[] {
    for (const name of ['q', 'limit']) {
      if (query[name] !== undefined)
        throw ApiError.invalidQuery(name, 'cannot be combined with id');
    }
    if (ids.length > MAX_IDS)
      throw ApiError.invalidQuery('id', `may name at most ${MAX_IDS} entities`);
    const rows = this.readModel.db
      .prepare(
        `SELECT doc FROM entities_g${this.readModel.entities.activeGen}
         WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY entity_id`,
      )
      .all(JSON.stringify(ids)) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as EntityDoc);
  }

  /** Entity ids a filter value names: an id, a name or a (non-weak) alias, case-insensitively. */
  /**
   * A well-formed topic no item has ever carried would silently answer nothing, like a misspelt
   * one ("sanction" for "sanctions"): said as unknown entity names are. A comma list is refused
   * only when none of its topics is known, since it asks for any of them.
   */
  private assertSomeTopicKnown(topics: readonly string[], keys: readonly string[]): void {
    const known = this.readModel.db.prepare(
      `SELECT 1 FROM item_keys_g${this.readModel.timeline.activeGen} WHERE k = ? LIMIT 1`,
    );
    if (keys.some((key) => known.get(key) !== undefined)) return;
    const named = topics.map((t) => `"${t}"`).join(', ');
    throw ApiError.invalidQuery(
      'topic',
      `no item has ever carried the topic ${named}; topics are kebab-case slugs as the facts give them, e.g. secondary-sanctions`,
    );
  }

  /** The entities and every entity below them through parentId (subsidiaries, offices). */
  private descendants(ids: readonly string[]): string[] {
    const table = `entities_g${this.readModel.entities.activeGen}`;
    const rows = this.readModel.db
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

  private resolveEntity(param: string, value: string): string[] {
    const rows = this.readModel.db
      .prepare(
        `SELECT DISTINCT entity_id AS id FROM entity_names_g${this.readModel.entities.activeGen} WHERE name = ? AND weak = 0`,
      )
      .all(value.toLowerCase()) as { id: string }[];
    if (rows.length > 0) return rows.map((r) => r.id);
    if (value.startsWith('ent:')) return [value];
    throw ApiError.invalidQuery(param, `no entity has the id, name or alias "${value}"`);
  }
}

function timelineOrder(query: p.RawQuery): 'asc' | 'desc' {
  const order = p.single(query, 'order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc')
    throw ApiError.invalidQuery('order', 'must be asc or desc');
  return order;
}

function factTypes(query: p.RawQuery): string[] {
  const types = p.list(query, 'type', true);
  const unknown = types.filter((t) => !FACT_EVENT_TYPES.has(t));
  if (unknown.length > 0) {
    throw ApiError.invalidQuery(
      'type',
      `unknown fact type ${unknown.map((t) => `"${t}"`).join(', ')}`,
    );
  }
  return types;
}

/** Checked as facts are, so a value no fact can carry is a 400 rather than an empty answer. */
function countryGroups(query: p.RawQuery): string[][] {
  return p.groups(query, 'country').map((group) => {
    const bad = group.find((c) => !isCountryCode(c.toUpperCase()));
    if (bad !== undefined)
      throw ApiError.invalidQuery('country', `"${bad}" is not an ISO 3166-1 alpha-2 code`);
    return [...new Set(group.map((c) => c.toUpperCase()))];
  });
}

function topicGroups(query: p.RawQuery): string[][] {
  return p.groups(query, 'topic').map((group) => {
    const bad = group.find((t) => !KEBAB_CASE_PATTERN.test(t.toLowerCase()));
    if (bad !== undefined)
      throw ApiError.invalidQuery('topic', `"${bad}" is not a topic slug (kebab-case)`);
    return [...new Set(group.map((t) => t.toLowerCase()))];
  });
}

function dayRange(query: p.RawQuery): { from: string | null; to: string | null } {
  const from = p.dayBound(query, 'from', 'first');
  const to = p.dayBound(query, 'to', 'last');
  if (from && to && from > to) throw ApiError.invalidQuery('to', 'must not be before from');
  return { from, to };
}

/** Ids one GET /entities?id= may name (a URL of ~100 ids stays well under common limits). */
const MAX_IDS = 200;

function confidences(query: p.RawQuery): string[] {
  const levels: readonly string[] = CONFIDENCE_LEVELS;
  return p.list(query, 'confidence', true).flatMap((value) => {
    const atLeast = value.startsWith('>=');
    const level = atLeast ? value.slice(2) : value;
    const index = levels.indexOf(level);
    if (index < 0) {
      throw ApiError.invalidQuery(
        'confidence',
        `"${level}" is not one of ${levels.join(', ')} (prefix >= for "at least")`,
      );
    }
    return atLeast ? levels.slice(0, index + 1) : [level];
  });
}

/** Words of `q` as quoted FTS5 terms (all must match), so user text is never FTS syntax. */
function ftsExpression(query: p.RawQuery): string | null {
  const q = p.single(query, 'q');
  if (q === undefined) return null;
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0)
    throw ApiError.invalidQuery('q', 'must contain at least one letter or digit');
  if (words.length > 32) throw ApiError.invalidQuery('q', 'may contain at most 32 words');
  return words.map((w) => `"${w}"`).join(' ');
}

/** YYYY-MM-DD naming a real day of years 0000-9999 (2023-02-29 is not one). */
function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().startsWith(text);
}

interface Cursor {
  readonly sortKey: string;
  readonly itemId: string;
  readonly order: 'asc' | 'desc';
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.itemId, cursor.order])).toString(
    'base64url',
  );
}

function decodeCursor(
  raw: string | undefined,
  order: 'asc' | 'desc',
): Omit<Cursor, 'order'> | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw ApiError.invalidQuery('cursor', 'is not a cursor this service issued');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every((v) => typeof v === 'string')
  ) {
    throw ApiError.invalidQuery('cursor', 'is not a cursor this service issued');
  }
  const [sortKey, itemId] = parsed as string[];
  // A cursor is data from the client: its sort key must be a day we could have issued (it feeds
  // the full-text rowid arithmetic) and its id an item id, or it is refused like any bad value.
  if (!(sortKey === '' || isCalendarDay(sortKey)) || itemId.length === 0 || itemId.length > 200) {
    throw ApiError.invalidQuery('cursor', 'is not a cursor this service issued');
  }
  if (parsed[2] !== order)
    throw ApiError.invalidQuery('cursor', `was issued for order=${String(parsed[2])}`);
  return { sortKey, itemId };
}
