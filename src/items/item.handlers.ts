import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { itemStreamName, type ItemEvent } from '../../events';
import { ReferenceChecker } from '../shared/reference-checker';
import { StreamCommandRunner, type Decider } from '../shared/stream-command-runner';
import type { WriteResult } from '../shared/write-context';
import {
  decideItem,
  evolveItem,
  initialItemState,
  type ItemCommand,
  type ItemState,
} from './item.decider';
import { CorrectItemCommand, RecordItemCommand, RetractItemCommand } from './item.commands';

const itemDecider: Decider<ItemState, ItemCommand, ItemEvent> = {
  initialState: initialItemState,
  evolve: evolveItem,
  decide: decideItem,
  versionOf: (state) => state.version,
};

@CommandHandler(RecordItemCommand)
export class RecordItemHandler implements ICommandHandler<RecordItemCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly references: ReferenceChecker,
  ) {}

  execute({ itemId, type, data, context }: RecordItemCommand): Promise<WriteResult> {
    return this.runner.run(
      itemStreamName(itemId),
      itemDecider,
      { kind: 'record', itemId, type, data },
      context,
      {
        beforeAppend: (events) => this.references.assertItemReferencesExist(events),
        createsStream: true,
      },
    );
  }
}

@CommandHandler(CorrectItemCommand)
export class CorrectItemHandler implements ICommandHandler<CorrectItemCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly references: ReferenceChecker,
  ) {}

  execute({ itemId, expectedVersion, body, context }: CorrectItemCommand): Promise<WriteResult> {
    return this.runner.run(
      itemStreamName(itemId),
      itemDecider,
      { kind: 'correct', expectedVersion, body },
      context,
      {
        beforeAppend: (events) => this.references.assertItemReferencesExist(events),
      },
    );
  }
}

@CommandHandler(RetractItemCommand)
export class RetractItemHandler implements ICommandHandler<RetractItemCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly references: ReferenceChecker,
  ) {}

  execute({ itemId, expectedVersion, body, context }: RetractItemCommand): Promise<WriteResult> {
    const command: ItemCommand = { kind: 'retract', itemId, expectedVersion, body };
    return this.runner.run(itemStreamName(itemId), itemDecider, command, context, {
      beforeAppend: (events) => this.references.assertItemReferencesExist(events),
    });
  }
}
