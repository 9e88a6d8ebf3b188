import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeWrite, WriteEndpoint } from '../shared/write-endpoint';
import { AddEntityAliasCommand, RegisterEntityCommand } from './entity.commands';

@Controller('entities')
export class EntityWriteController {
  constructor(private readonly writes: WriteEndpoint) {}

  @Post()
  @HttpCode(201)
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
