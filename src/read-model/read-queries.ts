import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ApiError } from '../http/error-catalogue';
import {
  entitiesWithIds,
  entityIdsNamed,
  findEntity,
  searchEntityNames,
  withDescendants,
} from './entity-lookup';
import type { EntityDoc } from './entity-sink';
import { SIDE_BITS, type ItemDoc } from './item-doc';
import * as p from './query-params';
import { OPEN } from './read-model-schema';
import { ReadModelService } from './read-model.service';
import {
  checkTimelineParameters,
  confidences,
  countryGroups,
  dayRange,
  decodeCursor,
  encodeCursor,
  factTypes,
  ftsExpression,
  jurisdictionGroups,
  timelineOrder,
  topicGroups,
} from './timeline-parameters';
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
    await this.waitFor(
      [minPosition, asOf && 'position' in asOf ? asOf.position : undefined]
        .filter((v): v is bigint => v !== undefined)
        .reduce((a, b) => (a > b ? a : b), 0n),
    );
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
   * Read-your-writes: waits until the read model has reached `minPosition` before anything is
   * looked up, so an entity registered by that write is found (an alias in a filter, an id in a
   * path), not refused because the lookup ran first.
   */
  async awaitMinPosition(query: p.RawQuery): Promise<void> {
    await this.waitFor(p.position(query, 'minPosition') ?? 0n);
  }

  private async waitFor(needed: bigint): Promise<void> {
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
    checkTimelineParameters(query);
    return this.checkedFilter(query, entityId, options);
  }

  /** filter() on parameters already checked (each named in one 400 if bad). */
  private checkedFilter(
    query: p.RawQuery,
    entityId: string | undefined,
    options: { readonly topicsYetUnused?: boolean },
  ): Omit<TimelineQuery, 'at'> {
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
    for (const codes of jurisdictionGroups(query)) {
      keyGroups.push({ keys: codes.map((j) => `j:${j}`), sides: 0 });
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
    checkTimelineParameters(query);
    // Before the filter resolves entity names: the write minPosition names may have added one.
    await this.awaitMinPosition(query);
    const filter = this.checkedFilter(query, entityId, {});
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

  /** The entity with exactly this id, as registered now (the export's name lookups). */
  entity(entityId: string): EntityDoc {
    const doc = findEntity(this.readModel.db, this.entityGen(), entityId);
    if (!doc) throw new ApiError('NOT_FOUND', `no entity ${entityId}`);
    return doc;
  }

  /**
   * The entity a path names: its id or, as filters accept, one of its names or aliases
   * (/entities/PRC as ?entity=PRC), after minPosition. A name several entities carry is a 404
   * that lists their ids rather than a guess.
   */
  async entityNamed(idOrName: string, query: p.RawQuery): Promise<EntityDoc> {
    await this.awaitMinPosition(query);
    const gen = this.entityGen();
    const exact = findEntity(this.readModel.db, gen, idOrName);
    if (exact) return exact;
    const ids = entityIdsNamed(this.readModel.db, gen, idOrName);
    if (ids.length === 1) return this.entity(ids[0]);
    if (ids.length > 1)
      throw new ApiError(
        'NOT_FOUND',
        `"${idOrName}" names ${ids.length} entities (${ids.join(', ')}): use one of their ids`,
      );
    throw new ApiError('NOT_FOUND', `no entity has the id, name or alias "${idOrName}"`);
  }

  async searchEntities(query: p.RawQuery): Promise<EntityDoc[]> {
    p.reportEvery([
      () => p.list(query, 'id', true),
      () => p.single(query, 'q'),
      () => p.integer(query, 'limit', 50, 1, 500),
      () => p.position(query, 'minPosition'),
    ]);
    await this.awaitMinPosition(query);
    const ids = p.list(query, 'id', true);
    if (ids.length > 0) return this.entitiesById(ids, query);
    const q = p.single(query, 'q') ?? '';
    const limit = p.integer(query, 'limit', 50, 1, 500);
    return searchEntityNames(this.readModel.db, this.entityGen(), q, limit);
  }

  /** The named entities that exist, in id order: one request for a page's display names. */
  private entitiesById(ids: readonly string[], query: p.RawQuery): EntityDoc[] {
    for (const name of ['q', 'limit']) {
      if (query[name] !== undefined)
        throw ApiError.invalidQuery(name, 'cannot be combined with id');
    }
    if (ids.length > MAX_IDS)
      throw ApiError.invalidQuery('id', `may name at most ${MAX_IDS} entities`);
    return entitiesWithIds(this.readModel.db, this.entityGen(), ids);
  }

  private entityGen(): number {
    return this.readModel.entities.activeGen;
  }

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

  private descendants(ids: readonly string[]): string[] {
    return withDescendants(this.readModel.db, this.entityGen(), ids);
  }

  /** Entity ids a filter value names: an id, a name or a (non-weak) alias, case-insensitively. */
  private resolveEntity(param: string, value: string): string[] {
    const ids = entityIdsNamed(this.readModel.db, this.entityGen(), value);
    if (ids.length > 0) return ids;
    if (value.startsWith('ent:')) return [value];
    throw ApiError.invalidQuery(param, `no entity has the id, name or alias "${value}"`);
  }
}

/** Ids one GET /entities?id= may name (a URL of ~100 ids stays well under common limits). */
const MAX_IDS = 200;
