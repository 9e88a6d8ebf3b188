import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { itemStreamName } from '../../events';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ApiError } from '../http/error-catalogue';
import { KnownQueryParameters, NO_QUERY_PARAMETERS } from '../http/known-query-parameters';
import { RouteDoc } from '../openapi/route-doc';
import { json } from '../openapi/route-responses';
import { toHistoryEntry } from './audit-record';

/** Every event of one item exactly as stored, with its metadata and its data as read today. */
@Controller('items')
export class ItemHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':itemId/history')
  @RouteDoc({
    tag: 'audit',
    summary: 'Raw events of an item with metadata and hashes',
    success: { status: 200, content: json('ItemHistory') },
    errors: [400, 404],
  })
  async history(
    @Param('itemId') itemId: string,
    @Query(new KnownQueryParameters(NO_QUERY_PARAMETERS)) _query: unknown,
  ) {
    const stream = itemStreamName(itemId);
    // An item's stream is short (a fact plus its corrections), so one read is bounded in practice.
    const events = await this.store.readStream(stream);
    if (events.length === 0) {
      throw new ApiError('NOT_FOUND', `no item with id ${itemId}`);
    }
    return {
      itemId,
      stream,
      version: events[events.length - 1].version,
      events: events.map(toHistoryEntry),
    };
  }
}
