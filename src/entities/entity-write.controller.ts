import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeWrite, WriteEndpoint } from '../shared/write-endpoint';
import { IDEMPOTENCY_KEY, RouteDoc, writeDoc } from '../openapi/route-doc';
import { GA_ASI_ENTITY } from '../openapi/seed-examples';
import { AddEntityAliasCommand, RegisterEntityCommand } from './entity.commands';

@Controller('entities')
export class EntityWriteController {
  constructor(private readonly writes: WriteEndpoint) {}

  @Post()
  @HttpCode(201)
  @RouteDoc(
    writeDoc(
      {
        tag: 'entities',
        summary: 'Register an entity (country, person, company, public body)',
        examples: { gaAsi: { value: GA_ASI_ENTITY } },
      },
      'EntityRegisteredSchema',
      { status: 201, headers: ['Location'] },
      [],
      [IDEMPOTENCY_KEY],
    ),
  )
  async register(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const result = await this.writes.execute(
      request,
      reply,
      (context) => new RegisterEntityCommand(body, context),
    );
    const entityId = (body as { entityId: string }).entityId;
    void reply.header('location', `/entities/${encodeURIComponent(entityId)}`);
    return { entityId, ...describeWrite(result) };
  }

  @Post(':entityId/aliases')
  @HttpCode(201)
  @RouteDoc(
    writeDoc(
      {
        tag: 'entities',
        summary: 'Add an alias to an entity',
        examples: { gaAsi: { value: { alias: 'GA-ASI' } } },
      },
      'EntityAliasAddedSchema',
      { status: 201 },
      [404],
      [IDEMPOTENCY_KEY],
    ),
  )
  async addAlias(
    @Param('entityId') entityId: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const result = await this.writes.execute(
      request,
      reply,
      (c) => new AddEntityAliasCommand(entityId, body, c),
    );
    return { entityId, ...describeWrite(result) };
  }
}
