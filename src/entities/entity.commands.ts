import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../shared/write-context';

export class RegisterEntityCommand extends Command<WriteResult> {
  constructor(
    readonly data: unknown,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class AddEntityAliasCommand extends Command<WriteResult> {
  constructor(
    readonly entityId: string,
    readonly data: unknown,
    readonly context: WriteContext,
  ) {
    super();
  }
}
