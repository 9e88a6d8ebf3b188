import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { TimelineExporter } from '../exports/timeline-exporter';
import { ApiError } from '../http/error-catalogue';
import { KnownQueryParameters } from '../http/known-query-parameters';
import type { EntityDoc } from './entity-sink';
import type { ItemDoc } from './item-doc';
import type { RawQuery } from './query-params';
import {
  ENTITY_PARAMETERS,
  ENTITY_SEARCH_PARAMETERS,
  ITEM_PARAMETERS,
  TIMELINE_PARAMETERS,
} from './read-parameters';
import { RouteDoc } from '../openapi/route-doc';
import { EXPORT_CONTENT, json, READ_ERRORS } from '../openapi/route-responses';
import { ReadModelService, type ProjectionStatus } from './read-model.service';
import { ReadQueries, type TimelineResponse } from './read-queries';

@Controller()
export class TimelineController {
  constructor(
    private readonly queries: ReadQueries,
    private readonly exporter: TimelineExporter,
  ) {}

  /** JSON pages, or a whole-timeline export when `format=` or Accept asks for one. */
  @Get('timeline')
  @RouteDoc({
    tag: 'timeline',
    summary: 'The timeline, filtered, paginated',
    description:
      'JSON pages by default; `format=` or Accept asks for the whole timeline as an export ' +
      '(`format=timelinejs` answers the TimelineJS document as application/json).',
    query: TIMELINE_PARAMETERS,
    success: { status: 200, content: EXPORT_CONTENT },
    errors: [...READ_ERRORS, 406],
  })
  timeline(
    @Query(new KnownQueryParameters(TIMELINE_PARAMETERS)) query: RawQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimelineResponse | Readable> {
    const wanted = this.exporter.negotiate(query, accept, reply);
    if (wanted.format !== 'json') return this.exporter.stream(reply, wanted, query);
    return this.queries.timeline(query);
  }

  /** The item as it is now (or as of `asOf`); the ETag is its version, for If-Match on writes. */
  @Get('items/:id')
  @RouteDoc({
    tag: 'timeline',
    summary: 'One item as it is now (or as of asOf); ETag = version',
    query: ITEM_PARAMETERS,
    success: { status: 200, content: json('Item'), headers: ['ETag'] },
    errors: [...READ_ERRORS, 404],
  })
  async item(
    @Param('id') id: string,
    @Query(new KnownQueryParameters(ITEM_PARAMETERS)) query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ItemDoc> {
    const item = await this.queries.item(id, query);
    void reply.header('ETag', `"${item.version}"`);
    return item;
  }
}

@Controller('entities')
export class EntitiesController {
  constructor(
    private readonly queries: ReadQueries,
    private readonly exporter: TimelineExporter,
  ) {}

  @Get()
  @RouteDoc({
    tag: 'entities',
    summary: 'Search entities by name or alias',
    query: ENTITY_SEARCH_PARAMETERS,
    success: { status: 200, content: json('EntitySearchResult') },
    errors: [400, 503],
  })
  async search(
    @Query(new KnownQueryParameters(ENTITY_SEARCH_PARAMETERS)) query: RawQuery,
  ): Promise<{ entities: EntityDoc[] }> {
    return { entities: await this.queries.searchEntities(query) };
  }

  /** By id, or by a name or alias as filters accept them (the answer carries the canonical id). */
  @Get(':id')
  @RouteDoc({
    tag: 'entities',
    summary: 'One entity, by id or by a name or alias that only it carries',
    query: ENTITY_PARAMETERS,
    success: { status: 200, content: json('Entity') },
    errors: [400, 404, 503],
  })
  entity(
    @Param('id') id: string,
    @Query(new KnownQueryParameters(ENTITY_PARAMETERS)) query: RawQuery,
  ): Promise<EntityDoc> {
    return this.queries.entityNamed(id, query);
  }

  @Get(':id/timeline')
  @RouteDoc({
    tag: 'timeline',
    summary: "An entity's timeline (the path takes its id, or a name or alias only it carries)",
    query: TIMELINE_PARAMETERS,
    success: { status: 200, content: EXPORT_CONTENT },
    errors: [...READ_ERRORS, 404, 406],
  })
  async timeline(
    @Param('id') id: string,
    @Query(new KnownQueryParameters(TIMELINE_PARAMETERS)) query: RawQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TimelineResponse | Readable> {
    const wanted = this.exporter.negotiate(query, accept, reply);
    const { entityId } = await this.queries.entityNamed(id, query);
    if (wanted.format !== 'json') return this.exporter.stream(reply, wanted, query, entityId);
    return this.queries.timeline(query, entityId);
  }
}

@Controller('admin/projections')
export class ProjectionsAdminController {
  constructor(private readonly readModel: ReadModelService) {}

  @Get()
  @RouteDoc({
    tag: 'admin',
    summary: 'Projection status: position, lag, failures, rebuilds',
    success: { status: 200, content: json('ProjectionList') },
    errors: [],
  })
  async status(): Promise<{ projections: ProjectionStatus[] }> {
    return { projections: await this.readModel.status() };
  }

  /** Starts a side-by-side rebuild from position 0; the current version answers until the swap. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @RouteDoc({
    tag: 'admin',
    summary: 'Start a side-by-side rebuild',
    success: { status: 202, content: json('ProjectionRebuild') },
    errors: [404],
  })
  async rebuild(@Param('name') name: string): Promise<{ projection: ProjectionStatus }> {
    const slot = this.readModel.slot(name);
    if (!slot) throw new ApiError('NOT_FOUND', `no projection named ${name}`);
    slot.rebuild();
    const status = (await this.readModel.status()).find((s) => s.name === name)!;
    return { projection: status };
  }
}
