import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { abortOnDisconnect } from '../audit/abort-on-disconnect';
import { ApiError } from '../http/error-catalogue';
import type { ItemDoc } from '../read-model/item-doc';
import type { RawQuery } from '../read-model/query-params';
import { ReadQueries } from '../read-model/read-queries';
import { renderCsv } from './csv.renderer';
import { renderIcal } from './ical.renderer';
import type { EntityNames } from './item-fields';
import {
  negotiateTimelineFormat,
  type ExportFormat,
  type ExportNegotiated,
  type Negotiated,
} from './negotiation';
import { renderNdjson } from './ndjson.renderer';
import { renderTimelineJs } from './timelinejs.renderer';

export interface ExportFile {
  readonly body: string;
  readonly filename: string;
  readonly itemCount: number;
  /** The log position the export reflects: every page was read at this one position. */
  readonly position: string;
}

export interface ExportOptions {
  readonly signal?: AbortSignal;
  /** Called after each page with the number of items gathered so far (CLI progress). */
  readonly onPage?: (itemsSoFar: number) => void;
}

interface ExportContext {
  readonly items: readonly ItemDoc[];
  readonly names: EntityNames;
  readonly title: string;
  readonly subtitle: string;
}

const PAGE_SIZE = '500';

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  csv: 'csv',
  ndjson: 'ndjson',
  timelinejs: 'timelinejs.json',
  ics: 'ics',
};

const RENDERERS: Readonly<Record<ExportFormat, (c: ExportContext) => string>> = {
  csv: (c) => renderCsv(c.items, c.names),
  ndjson: (c) => renderNdjson(c.items),
  timelinejs: (c) => renderTimelineJs(c.items, { headline: c.title, text: c.subtitle }),
  ics: (c) => renderIcal(c.items, { name: c.title, description: c.subtitle }),
};

/**
 * Whole-timeline exports for GET /timeline, GET /entities/:id/timeline and the CLI: the same
 * filters and asOf as the JSON page, but every matching item, read page by page at one pinned
 * log position so items recorded mid-export cannot shift the pages.
 */
@Injectable()
export class TimelineExporter {
  constructor(private readonly queries: ReadQueries) {}

  /** For the controllers: the wanted representation; JSON pages and exports vary by Accept. */
  negotiate(query: RawQuery, accept: string | undefined, reply: FastifyReply): Negotiated {
    void reply.header('Vary', 'Accept');
    return negotiateTimelineFormat(query, accept);
  }

  /** Answers an export over HTTP as a download; the body is the rendered document. */
  async send(
    reply: FastifyReply,
    wanted: ExportNegotiated,
    query: RawQuery,
    entityId?: string,
  ): Promise<string> {
    const file = await this.export(wanted.format, query, entityId, {
      signal: abortOnDisconnect(reply),
    });
    const header = wanted.format === 'csv' ? '; header=present' : '';
    void reply.header('Content-Type', `${wanted.mediaType}; charset=utf-8${header}`);
    void reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  async export(
    format: ExportFormat,
    query: RawQuery,
    entityId?: string,
    options: ExportOptions = {},
  ): Promise<ExportFile> {
    const { items, position } = await this.collect(query, entityId, options);
    const entityName = entityId ? this.namesOf([entityId]).get(entityId) : undefined;
    const asOf = typeof query.asOf === 'string' ? ` (asOf ${query.asOf})` : '';
    const body = RENDERERS[format]({
      items,
      names: this.namesOf(items.flatMap((item) => item.entities.map((ref) => ref.entityId))),
      title: entityName ? `Policy Timeline: ${entityName}` : 'Policy Timeline',
      subtitle: `${items.length} items as recorded at log position ${position}${asOf}`,
    });
    const scope = entityId ? `-${entityId.replace(/[^A-Za-z0-9-]+/g, '-')}` : '';
    const filename = `timeline${scope}-at-${position}.${EXTENSIONS[format]}`;
    return { body, filename, itemCount: items.length, position };
  }

  private async collect(
    query: RawQuery,
    entityId: string | undefined,
    options: ExportOptions,
  ): Promise<{ items: ItemDoc[]; position: string }> {
    for (const name of ['cursor', 'limit']) {
      if (query[name] !== undefined) {
        throw ApiError.invalidQuery(name, 'exports include every matching item; leave it out');
      }
    }
    const items: ItemDoc[] = [];
    let page = await this.queries.timeline({ ...query, limit: PAGE_SIZE }, entityId);
    items.push(...page.items);
    options.onPage?.(items.length);
    while (page.nextCursor !== null) {
      options.signal?.throwIfAborted();
      // Later pages read at the first page's position; minPosition was already waited for.
      const pinned = { ...query, minPosition: undefined, asOf: `position:${page.position}` };
      page = await this.queries.timeline(
        { ...pinned, limit: PAGE_SIZE, cursor: page.nextCursor },
        entityId,
      );
      items.push(...page.items);
      options.onPage?.(items.length);
    }
    return { items, position: page.position };
  }

  /** Registered names now (entities are current-state only); unknown ids keep their cited name. */
  private namesOf(entityIds: readonly string[]): EntityNames {
    const names = new Map<string, string>();
    for (const id of new Set(entityIds)) {
      try {
        const name = this.queries.entity(id).name;
        if (name !== '') names.set(id, name);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    return names;
  }
}
