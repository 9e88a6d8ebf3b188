import { Module } from '@nestjs/common';
import { EntityWriteController } from './entities/entity-write.controller';
import { AddEntityAliasHandler, RegisterEntityHandler } from './entities/entity.handlers';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ItemWriteController } from './items/item-write.controller';
import { CorrectItemHandler, RecordItemHandler, RetractItemHandler } from './items/item.handlers';
import { ReferenceChecker } from './shared/reference-checker';
import { StreamCommandRunner } from './shared/stream-command-runner';
import { WriteEndpoint } from './shared/write-endpoint';

/** The write side: HTTP in, commands through the CommandBus, events appended to the store. */
@Module({
  controllers: [ItemWriteController, EntityWriteController],
  providers: [
    IdempotencyService,
    StreamCommandRunner,
    ReferenceChecker,
    WriteEndpoint,
    RecordItemHandler,
    CorrectItemHandler,
    RetractItemHandler,
    RegisterEntityHandler,
    AddEntityAliasHandler,
  ],
  exports: [WriteEndpoint, StreamCommandRunner],
})
export class WriteModule {}
