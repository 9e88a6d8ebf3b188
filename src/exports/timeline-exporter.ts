import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { abortOnDisconnect } from '../audit/abort-on-disconnect';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../http/error-catalogue';
import { bool, type RawQuery } from '../read-model/query-params';
import { ReadQueries } from '../read-model/read-queries';
import { csvPieces } from './csv.renderer';
import type { DocumentPieces } from './document-pieces';
import { EntityNameCache } from './entity-name-cache';
import { icalPieces } from './ical.renderer';
import {
  negotiateTimelineFormat,
  type ExportFormat,
  type ExportNegotiated,
  type Negotiated,
} from './negotiation';
import { ndjsonPieces } from './ndjson.renderer';
import { readPinnedPages, type PageOptions } from './pinned-pages';
import { timelineJsPieces } from './timelinejs.renderer';

export type ExportOptions = PageOptions;

/** An export under way: what is known after its first page, and the document still to come. */
export interface ExportStream {
  readonly filename: string;
  /** The log position the export reflects: every page is read at this one position. */
  readonly position: string;
  /** The document as text: the header, one chunk per page of items, the footer. Read it once. */
  readonly chunks: AsyncGenerator<string>;
  /** Items rendered so far; the export's item count once `chunks` is done. */
  itemCount(): number;
}

interface DocumentContext {
  readonly names: EntityNameCache;
  readonly title: string;
  readonly subtitle: string;
  /** `bom=true`: a UTF-8 byte-order mark before the CSV header, for Excel's double-click open. */
  readonly bom: boolean;
  readonly icalUidDomain: string;
}

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  csv: 'csv',
  ndjson: 'ndjson',
  timelinejs: 'timelinejs.json',
  ics: 'ics',
};

const PIECES: Readonly<Record<ExportFormat, (c: DocumentContext) => DocumentPieces>> = {
  csv: (c) => csvPieces((items) => c.names.forItems(items), { bom: c.bom }),
  ndjson: () => ndjsonPieces(),
  timelinejs: (c) => timelineJsPieces({ headline: c.title, text: c.subtitle }),
  ics: (c) => icalPieces({ name: c.title, description: c.subtitle, uidDomain: c.icalUidDomain }),
};

/** `bom` means something only for CSV; elsewhere it is refused rather than silently ignored. */
function bomWanted(format: Negotiated['format'], query: RawQuery): boolean {
  const bom = bool(query, 'bom', false);
  if (query.bom !== undefined && format !== 'csv') {
    throw ApiError.invalidQuery('bom', `applies only to format=csv, not ${format}`);
  }
  return bom;
}

/**
 * Whole-timeline exports for GET /timeline, GET /entities/:id/timeline and the CLI: the same
 * filters and asOf as the JSON page, but every matching item, read page by page at one pinned
 * log position so items recorded mid-export cannot shift the pages. The document is produced
 * page by page as it is sent (see DocumentPieces), so an export of any size holds a few pages:
 * the one being rendered and the chunks the stream and the socket buffer ahead of the client.
 */
@Injectable()
export class TimelineExporter {
  constructor(
    private readonly queries: ReadQueries,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'icalUidDomain'>,
  ) {}

  /** For the controllers: the wanted representation; JSON pages and exports vary by Accept. */
  negotiate(query: RawQuery, accept: string | undefined, reply: FastifyReply): Negotiated {
    void reply.header('Vary', 'Accept');
    const wanted = negotiateTimelineFormat(query, accept);
    bomWanted(wanted.format, query);
    return wanted;
  }

  /**
   * An export over HTTP as a streamed download, for a passthrough handler to return. Resolves
   * only after the first page was read, before any header is sent, so a bad parameter rejects
   * here and is answered with its problem+json. Nest hands the stream to Fastify's reply.send,
   * which reads a chunk only when the socket has taken the previous ones; a client that goes
   * away destroys it, and the signal stops reading pages. An error after the first bytes can no
   * longer be a problem+json: the stream is destroyed with it, the client sees the transfer cut
   * short (no final chunk), and Nest and Fastify log it.
   */
  async stream(
    reply: FastifyReply,
    wanted: ExportNegotiated,
    query: RawQuery,
    entityId?: string,
  ): Promise<Readable> {
    const file = await this.open(wanted.format, query, entityId, {
      signal: abortOnDisconnect(reply),
    });
    const header = wanted.format === 'csv' ? '; header=present' : '';
    void reply.header('Content-Type', `${wanted.mediaType}; charset=utf-8${header}`);
    void reply.header('Content-Disposition', `attachment; filename="${file.filename}"`);
    return Readable.from(file.chunks, { objectMode: false, highWaterMark: 1 });
  }

  /** Reads the first page (which throws for bad parameters) and returns the rest as a stream. */
  async open(
    format: ExportFormat,
    query: RawQuery,
    entityId?: string,
    options: ExportOptions = {},
  ): Promise<ExportStream> {
    const bom = bomWanted(format, query);
    const { position, pages } = await readPinnedPages(this.queries, query, entityId, options);
    const names = new EntityNameCache(this.queries);
    const entityName = entityId === undefined ? undefined : names.nameOf(entityId);
    const asOf = typeof query.asOf === 'string' ? ` (asOf ${query.asOf})` : '';
    const pieces = PIECES[format]({
      names,
      title: entityName ? `Policy Timeline: ${entityName}` : 'Policy Timeline',
      // No item count ("N items as …", as when exports were built whole): the title goes out
      // with the header, before the count is known, and iCalendar allows calendar properties
      // only before the events. The CLI summary reports the count once the export is done.
      subtitle: `As recorded at log position ${position}${asOf}`,
      bom,
      icalUidDomain: this.config.icalUidDomain,
    });
    let itemCount = 0;
    async function* chunks(): AsyncGenerator<string> {
      if (pieces.header !== '') yield pieces.header;
      for await (const items of pages) {
        const text = pieces.page(items);
        itemCount += items.length;
        if (text !== '') yield text;
      }
      if (pieces.footer !== '') yield pieces.footer;
    }
    const scope = entityId ? `-${entityId.replace(/[^A-Za-z0-9-]+/g, '-')}` : '';
    const filename = `timeline${scope}-at-${position}.${EXTENSIONS[format]}`;
    return { filename, position, chunks: chunks(), itemCount: () => itemCount };
  }
}
