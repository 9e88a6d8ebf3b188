import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Command } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import slugify from 'slugify';
import { isItemId } from '../../events';
import { ApiError } from '../http/error-catalogue';
import { requireIfMatch } from '../http/request-context';
import { atBodyRoot } from '../shared/domain-error';
import type { WriteContext, WriteResult } from '../shared/write-context';
import { describeWrite, WriteEndpoint } from '../shared/write-endpoint';
import { IDEMPOTENCY_KEY, IF_MATCH, RouteDoc, writeDoc } from '../openapi/route-doc';
import { RECORD_ITEM_EXAMPLES } from '../openapi/seed-examples';
import { CorrectItemCommand, RecordItemCommand, RetractItemCommand } from './item.commands';
import { envelopeProblems, type RecordItemRequest } from './item-write.dto';

@Controller('items')
export class ItemWriteController {
  constructor(private readonly writes: WriteEndpoint) {}

  @Post()
  @HttpCode(201)
  @RouteDoc(
    writeDoc(
      { tag: 'items', summary: 'Record a new item (one fact)', examples: RECORD_ITEM_EXAMPLES },
      'RecordItemRequest',
      { status: 201, headers: ['Location'] },
      [],
      [IDEMPOTENCY_KEY],
    ),
  )
  async record(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const problems = envelopeProblems(body).map(atBodyRoot);
    if (problems.length > 0) throw ApiError.validation(problems);
    const { type, itemId: given, data } = body as RecordItemRequest;
    const itemId = given ?? slugFromHeadline(data.headline);
    const result = await this.writes.execute(
      request,
      reply,
      (context) => new RecordItemCommand(itemId, type, data, context),
    );
    void reply.header('location', `/items/${itemId}`);
    return { itemId, ...describeWrite(result) };
  }

  @Post(':itemId/corrections')
  @HttpCode(200)
  @RouteDoc(
    writeDoc(
      { tag: 'items', summary: 'Correct an item (a new event that points at the old one)' },
      'CorrectionBodySchema',
      { status: 200 },
      [404, 412, 428],
      [IF_MATCH, IDEMPOTENCY_KEY],
    ),
  )
  correct(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return this.followUp(CorrectItemCommand, itemId, body, request, reply);
  }

  @Post(':itemId/retraction')
  @HttpCode(200)
  @RouteDoc(
    writeDoc(
      { tag: 'items', summary: 'Retract an item; it accepts nothing more' },
      'RetractionBodySchema',
      { status: 200 },
      [404, 412, 428],
      [IF_MATCH, IDEMPOTENCY_KEY],
    ),
  )
  retract(
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    return this.followUp(RetractItemCommand, itemId, body, request, reply);
  }

  /** Corrections and retractions: both act on the version the analyst saw (If-Match). */
  private async followUp(
    FollowUp: FollowUpCommand,
    itemId: string,
    body: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const expected = requireIfMatch(request);
    const result = await this.writes.execute(
      request,
      reply,
      (c) => new FollowUp(itemId, expected, body, c),
    );
    return { itemId, ...describeWrite(result) };
  }
}

type FollowUpCommand = new (
  itemId: string,
  expectedVersion: number,
  body: unknown,
  context: WriteContext,
) => Command<WriteResult>;

/** `itemId` is optional on POST /items: derive a readable slug from the headline. */
function slugFromHeadline(headline: unknown): string {
  if (typeof headline !== 'string' || headline.trim() === '') {
    throw ApiError.validation([
      { field: 'data.headline', message: 'is required (the itemId is derived from it)' },
    ]);
  }
  const slug = slugify(headline, { lower: true, strict: true, trim: true })
    .slice(0, 80)
    .replace(/-+$/, '');
  if (!isItemId(slug)) {
    throw ApiError.validation([
      { field: 'itemId', message: 'cannot be derived from this headline; send one' },
    ]);
  }
  return slug;
}
