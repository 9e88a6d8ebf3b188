import { ApiError } from '../http/error-catalogue';
import type { ItemDoc } from '../read-model/item-doc';
import type { RawQuery } from '../read-model/query-params';
import type { ReadQueries, TimelineResponse } from '../read-model/read-queries';

/** Items read per page: with streaming, about what an export holds in memory at once. */
export const EXPORT_PAGE_SIZE = 500;

export interface PageOptions {
  /** Checked between pages: a disconnected client or Ctrl-C stops the reads. */
  readonly signal?: AbortSignal;
  /** Called after each page is read with the number of items read so far (CLI progress). */
  readonly onPage?: (itemsSoFar: number) => void;
  /** Items per page, EXPORT_PAGE_SIZE unless a test wants many pages from few items. */
  readonly pageSize?: number;
}

export interface PinnedPages {
  /** The log position the export reflects: the first page's, at which every later page is read. */
  readonly position: string;
  /** Every page's items in timeline order, the first page included; reads a page when asked. */
  readonly pages: AsyncGenerator<readonly ItemDoc[]>;
}

type TimelineReader = Pick<ReadQueries, 'timeline'>;

/**
 * Reads the first page of an export now, and the rest when the returned generator is pulled.
 * The first read is what validates the filters, asOf and minPosition, so a caller that awaits
 * this before sending anything still answers a bad request with its 4xx, never with a 200 that
 * stops. Later pages are read at the first page's position (asOf position:P), so items recorded
 * while a long export streams out cannot shift or duplicate items across pages.
 */
export async function readPinnedPages(
  queries: TimelineReader,
  query: RawQuery,
  entityId: string | undefined,
  options: PageOptions = {},
): Promise<PinnedPages> {
  for (const name of ['cursor', 'limit']) {
    if (query[name] !== undefined) {
      throw ApiError.invalidQuery(name, 'exports include every matching item; leave it out');
    }
  }
  const limit = String(options.pageSize ?? EXPORT_PAGE_SIZE);
  // Only the current page is kept: `page` is replaced by each read, so memory stays one page.
  let page: TimelineResponse = await queries.timeline({ ...query, limit }, entityId);
  let itemsSoFar = page.items.length;
  options.onPage?.(itemsSoFar);
  const position = page.position;
  // minPosition was waited for by the first read; asOf pins the later ones to its answer.
  const pinned: RawQuery = { ...query, minPosition: undefined, asOf: `position:${position}` };

  async function* pages(): AsyncGenerator<readonly ItemDoc[]> {
    yield page.items;
    while (page.nextCursor !== null) {
      options.signal?.throwIfAborted();
      page = await queries.timeline({ ...pinned, limit, cursor: page.nextCursor }, entityId);
      itemsSoFar += page.items.length;
      options.onPage?.(itemsSoFar);
      yield page.items;
    }
  }
  return { position, pages: pages() };
}
