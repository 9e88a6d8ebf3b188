import {
  validateAliasBody,
  validateEntityData,
  type EntityAliasAddedData,
  type EntityEvent,
  type EntityRegisteredData,
} from '../../events';
import { atBodyRoot, DomainError, validationError } from '../shared/domain-error';

export type EntityState =
  | { readonly status: 'absent'; readonly version: 0 }
  | { readonly status: 'registered'; readonly version: number; readonly names: readonly string[] };

export type EntityCommand =
  | { readonly kind: 'register'; readonly data: unknown }
  | { readonly kind: 'add-alias'; readonly entityId: string; readonly data: unknown };

export const initialEntityState: EntityState = { status: 'absent', version: 0 };

export function evolveEntity(state: EntityState, event: EntityEvent): EntityState {
  const version = state.version + 1;
  switch (event.type) {
    case 'EntityRegistered':
      return {
        status: 'registered',
        version,
        names: [event.data.name, ...event.data.aliases, ...(event.data.weakAliases ?? [])],
      };
    case 'EntityAliasAdded':
      return state.status === 'absent'
        ? state
        : { ...state, version, names: [...state.names, event.data.alias] };
  }
}

export function decideEntity(command: EntityCommand, state: EntityState): EntityEvent[] {
  switch (command.kind) {
    case 'register': {
      const issues = validateEntityData(command.data);
      if (issues.length > 0) throw validationError(issues.map(atBodyRoot));
      const data = command.data as EntityRegisteredData;
      if (state.status !== 'absent') {
        throw new DomainError('ENTITY_EXISTS', `entity ${data.entityId} is already registered`);
      }
      return [{ type: 'EntityRegistered', data }];
    }
    case 'add-alias': {
      if (state.status === 'absent')
        throw new DomainError('NOT_FOUND', `no entity ${command.entityId}`);
      const issues = validateAliasBody(command.data);
      if (issues.length > 0) throw validationError(issues.map(atBodyRoot));
      const data = command.data as EntityAliasAddedData;
      const known = state.names.some(
        (name) => name.toLocaleLowerCase() === data.alias.toLocaleLowerCase(),
      );
      if (known) {
        throw new DomainError(
          'RULE_VIOLATION',
          `"${data.alias}" is already a name of ${command.entityId}`,
          [{ field: 'alias', message: 'already a name or alias of this entity' }],
        );
      }
      return [{ type: 'EntityAliasAdded', data }];
    }
  }
}
