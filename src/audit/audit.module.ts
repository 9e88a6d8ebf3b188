import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { ItemHistoryController } from './item-history.controller';

/** Read-only audit endpoints over the global EVENT_STORE (raw history, log, digest, verify). */
@Module({ controllers: [AuditController, ItemHistoryController] })
export class AuditModule {}
