import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../http/error-catalogue';
import { KnownQueryParameters } from '../http/known-query-parameters';
import type { RawQuery } from '../read-model/query-params';
import { RouteDoc } from '../openapi/route-doc';
import { text } from '../openapi/route-responses';
import { ChangeFeed } from './change-feed.service';
import { FEED_PARAMETERS } from './feed-parameters';

const POSITION = /^(0|[1-9][0-9]{0,19})$/;

/** The live timeline: Server-Sent Events, one per item change matching the filter. */
@Controller('timeline')
export class ChangeFeedController {
  constructor(private readonly feed: ChangeFeed) {}

  @Get('changes')
  @RouteDoc({
    tag: 'timeline',
    summary: 'Live changes of the timeline as Server-Sent Events (resume with Last-Event-ID)',
    query: FEED_PARAMETERS,
    headers: [
      {
        name: 'Last-Event-ID',
        required: false,
        description: 'the id of the last event received: the feed resumes after it',
        schema: { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' },
      },
    ],
    success: { status: 200, content: { 'text/event-stream': text() } },
    errors: [400],
  })
  changes(
    @Query(new KnownQueryParameters(FEED_PARAMETERS)) query: RawQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    const { after: afterParameter, ...filter } = query;
    const after = resumePoint(afterParameter, lastEventId);
    this.feed.subscribe(filter, after, () => {
      // From here the stream is ours: Fastify must not answer (or time out) this request.
      void reply.hijack();
      return reply.raw;
    });
  }
}

/** Last-Event-ID (what EventSource sends on reconnect) wins over ?after=position:n. */
function resumePoint(after: RawQuery[string], lastEventId: string | undefined): bigint | undefined {
  if (lastEventId !== undefined) {
    if (!POSITION.test(lastEventId)) {
      throw new ApiError('VALIDATION_FAILED', 'Last-Event-ID must be a position this feed sent', {
        fields: [{ field: 'Last-Event-ID', message: 'must be a decimal position' }],
      });
    }
    return BigInt(lastEventId);
  }
  if (after === undefined) return undefined;
  const match = typeof after === 'string' ? /^position:(0|[1-9][0-9]{0,19})$/.exec(after) : null;
  if (!match) throw ApiError.invalidQuery('after', 'must be given once, as position:<n>');
  return BigInt(match[1]);
}
