import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, type Command } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { idempotencyKey, requestId } from '../http/request-context';
import { IdempotencyService } from '../idempotency/idempotency.service';
import type { WriteContext, WriteResult } from './write-context';

/**
 * What every POST does around its command: claim the Idempotency-Key, build the write context
 * (principal, correlation id, derived event id), run the command, release the key if refused,
 * and answer with ETag and the stored event's coordinates.
 */
@Injectable()
export class WriteEndpoint {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(
    request: FastifyRequest,
    reply: FastifyReply,
    makeCommand: (context: WriteContext) => Command<WriteResult>,
  ): Promise<WriteResult> {
    const principal =
      (request as { principal?: { name: string } }).principal?.name ??
      this.config.defaultRecordedBy;
    const scope = `${principal} ${request.method} ${request.url.split('?')[0]}`;
    const claim = this.idempotency.begin(scope, idempotencyKey(request), request.body);
    const context: WriteContext = {
      eventId: claim.eventId,
      recordedBy: principal,
      correlationId: requestId(request),
    };
    try {
      const result = await this.commandBus.execute(makeCommand(context));
      void reply.header('etag', `"${result.version}"`);
      return result;
    } catch (error) {
      claim.release();
      throw error;
    }
  }
}

export function describeWrite(result: WriteResult): Record<string, unknown> {
  return {
    version: result.version,
    eventId: result.eventId,
    position: result.position.toString(),
    recordedAt: result.recordedAt,
    hash: result.hash,
  };
}
