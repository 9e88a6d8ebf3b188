import { Command } from '@nestjs/cqrs';
import type { WriteContext, WriteResult } from '../shared/write-context';

export class RecordItemCommand extends Command<WriteResult> {
  constructor(
    readonly itemId: string,
    readonly type: string,
    readonly data: unknown,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class CorrectItemCommand extends Command<WriteResult> {
  constructor(
    readonly itemId: string,
    readonly expectedVersion: number,
    readonly body: unknown,
    readonly context: WriteContext,
  ) {
    super();
  }
}

export class RetractItemCommand extends Command<WriteResult> {
  constructor(
    readonly itemId: string,
    readonly expectedVersion: number,
    readonly body: unknown,
    readonly context: WriteContext,
  ) {
    super();
  }
}
