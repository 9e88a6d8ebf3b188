import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { entityStreamName, type EntityEvent } from '../../events';
import { validationError } from '../shared/domain-error';
import { ReferenceChecker } from '../shared/reference-checker';
import { StreamCommandRunner, type Decider } from '../shared/stream-command-runner';
import type { WriteResult } from '../shared/write-context';
import { AddEntityAliasCommand, RegisterEntityCommand } from './entity.commands';
import {
  decideEntity,
  evolveEntity,
  initialEntityState,
  type EntityCommand,
  type EntityState,
} from './entity.decider';

const entityDecider: Decider<EntityState, EntityCommand, EntityEvent> = {
  initialState: initialEntityState,
  evolve: evolveEntity,
  decide: decideEntity,
  versionOf: (state) => state.version,
};

@CommandHandler(RegisterEntityCommand)
export class RegisterEntityHandler implements ICommandHandler<RegisterEntityCommand> {
  constructor(
    private readonly runner: StreamCommandRunner,
    private readonly references: ReferenceChecker,
  ) {}

  execute({ data, context }: RegisterEntityCommand): Promise<WriteResult> {
    const entityId = (data as { entityId?: unknown } | null)?.entityId;
    if (typeof entityId !== 'string' || entityId.length === 0) {
      throw validationError([{ field: 'entityId', message: 'must be a non-empty string' }]);
    }
    return this.runner.run(
      entityStreamName(entityId),
      entityDecider,
      { kind: 'register', data },
      context,
      {
        beforeAppend: (events) => this.references.assertEntityReferencesExist(events),
        createsStream: true,
      },
    );
  }
}

@CommandHandler(AddEntityAliasCommand)
export class AddEntityAliasHandler implements ICommandHandler<AddEntityAliasCommand> {
  constructor(private readonly runner: StreamCommandRunner) {}

  execute({ entityId, data, context }: AddEntityAliasCommand): Promise<WriteResult> {
    return this.runner.run(
      entityStreamName(entityId),
      entityDecider,
      { kind: 'add-alias', entityId, data },
      context,
    );
  }
}
