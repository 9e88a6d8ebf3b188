import type { EntityEvent } from '../../../events';
import {
  decideEntity,
  evolveEntity,
  initialEntityState,
  type EntityCommand,
} from '../../../src/entities/entity.decider';
import { DomainError } from '../../../src/shared/domain-error';
import { ENTITY_FIXTURES } from '../../support/fixtures';

function decide(history: EntityEvent[], command: EntityCommand) {
  return decideEntity(command, history.reduce(evolveEntity, initialEntityState));
}
function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const china = ENTITY_FIXTURES[0];
const registered: EntityEvent = {
  type: 'EntityRegistered',
  data: { ...china, aliases: [...china.aliases], countryCodes: [...china.countryCodes] },
};

describe('entity decider', () => {
  it('registers a new entity', () => {
    expect(decide([], { kind: 'register', data: registered.data })).toEqual([registered]);
  });
  it('refuses to register twice', () => {
    expect(
      failure(() => decide([registered], { kind: 'register', data: registered.data })).code,
    ).toBe('ENTITY_EXISTS');
  });
  it('refuses an invalid registration, naming the field without the body prefix', () => {
    const error = failure(() =>
      decide([], { kind: 'register', data: { ...registered.data, kind: 'planet' } }),
    );
    expect([error.code, error.fields[0].field]).toEqual(['VALIDATION_FAILED', 'kind']);
  });
  it('adds an alias', () => {
    expect(
      decide([registered], {
        kind: 'add-alias',
        entityId: china.entityId,
        data: { alias: 'Zhongguo' },
      }),
    ).toEqual([{ type: 'EntityAliasAdded', data: { alias: 'Zhongguo' } }]);
  });
  it('refuses an alias the entity already has, whatever its case', () => {
    const error = failure(() =>
      decide([registered], { kind: 'add-alias', entityId: china.entityId, data: { alias: 'prc' } }),
    );
    expect([error.code, error.fields[0].field]).toEqual(['RULE_VIOLATION', 'alias']);
  });
  it('refuses an alias for an unknown entity', () => {
    expect(
      failure(() => decide([], { kind: 'add-alias', entityId: 'ent:x:y', data: { alias: 'Y' } }))
        .code,
    ).toBe('NOT_FOUND');
  });
});
