import {
  correctFact,
  CURRENT_SCHEMA_VERSION,
  factFromInput,
  isFactType,
  validateCorrectionBody,
  validateRetractionBody,
  type CorrectionBody,
  type Fact,
  type FactType,
  type ItemEvent,
  type RetractionBody,
} from '../../events';
import {
  atBodyRoot,
  DomainError,
  EXPECTED_VERSION_FIELD,
  validationError,
} from '../shared/domain-error';

/** What the rules need to know about an item: nothing, or its current fact and status. */
export interface RecordedItem {
  readonly status: 'live' | 'retracted';
  readonly version: number;
  readonly type: FactType;
  readonly fact: Fact;
}
export type ItemState = { readonly status: 'absent'; readonly version: 0 } | RecordedItem;

export type ItemCommand =
  | {
      readonly kind: 'record';
      readonly itemId: string;
      readonly type: string;
      readonly data: unknown;
    }
  | { readonly kind: 'correct'; readonly expectedVersion: number; readonly body: unknown }
  | {
      readonly kind: 'retract';
      readonly itemId: string;
      readonly expectedVersion: number;
      readonly body: unknown;
    };

export const initialItemState: ItemState = { status: 'absent', version: 0 };

export function evolveItem(state: ItemState, event: ItemEvent): ItemState {
  const version = state.version + 1;
  switch (event.type) {
    case 'ItemCorrected':
      return state.status === 'absent' ? state : { ...state, version, fact: event.data.fact };
    case 'ItemRetracted':
      return state.status === 'absent' ? state : { ...state, version, status: 'retracted' };
    default:
      return { status: 'live', version, type: event.type, fact: event.data };
  }
}

/** The business rules of an item stream: which event(s) a command produces, or why it may not. */
export function decideItem(command: ItemCommand, state: ItemState): ItemEvent[] {
  switch (command.kind) {
    case 'record':
      return [recordFact(command.itemId, command.type, command.data, state)];
    case 'correct':
      return [correct(command.body, requireLive(state, command.expectedVersion))];
    case 'retract':
      requireLive(state, command.expectedVersion);
      return [retract(command.itemId, command.body)];
  }
}

function recordFact(itemId: string, type: string, data: unknown, state: ItemState): ItemEvent {
  if (state.status !== 'absent') {
    throw new DomainError(
      'ITEM_EXISTS',
      `item ${itemId} already exists (version ${state.version})`,
      [],
      {
        currentVersion: state.version,
      },
    );
  }
  if (!isFactType(type)) {
    throw validationError([
      { field: 'type', message: `must be one of the fact types, got ${JSON.stringify(type)}` },
    ]);
  }
  return { type, data: withDerivedDates(type, data) } as ItemEvent;
}

/** Validates client input for a fact and returns it with server-derived date bounds. */
function withDerivedDates(type: FactType, data: unknown): Fact {
  const outcome = factFromInput(type, data);
  if (!outcome.ok) throw validationError(outcome.issues);
  return outcome.fact;
}

function requireLive(state: ItemState, expectedVersion: number): RecordedItem {
  if (state.status === 'absent') throw new DomainError('NOT_FOUND', 'no such item');
  if (state.status === 'retracted') {
    throw new DomainError('ITEM_RETRACTED', 'the item is retracted and accepts nothing more', [], {
      currentVersion: state.version,
    });
  }
  if (expectedVersion !== state.version) {
    throw new DomainError(
      'VERSION_MISMATCH',
      `version ${expectedVersion} was expected but the item is at version ${state.version}`,
      [{ field: EXPECTED_VERSION_FIELD, message: `stale: current version is ${state.version}` }],
      { currentVersion: state.version },
    );
  }
  return state;
}

function correct(body: unknown, state: RecordedItem): ItemEvent {
  const issues = validateCorrectionBody(body);
  if (issues.length > 0) throw validationError(issues.map(atBodyRoot));
  const { kind, reason, patch, sources } = body as CorrectionBody;
  const outcome = correctFact(state.type, state.fact, patch);
  if (!outcome.ok) {
    const patchDoesNotApply = outcome.issues.some((issue) => issue.field.startsWith('body.patch'));
    if (patchDoesNotApply) {
      const issues = outcome.issues.map(atBodyRoot);
      throw new DomainError(
        'INVALID_PATCH',
        issues.map((i) => `${i.field}: ${i.message}`).join('; '),
        issues,
      );
    }
    // The patched fact is invalid: name the fields of the result, e.g. `data.sources`.
    throw validationError(outcome.issues);
  }
  const fact = outcome.fact;
  if (JSON.stringify(fact) === JSON.stringify(state.fact)) {
    throw new DomainError('RULE_VIOLATION', 'the patch changes nothing', [
      { field: 'patch', message: 'changes nothing' },
    ]);
  }
  return {
    type: 'ItemCorrected',
    data: {
      kind,
      reason,
      patch,
      ...(sources ? { sources } : {}),
      factType: state.type,
      factSchemaVersion: CURRENT_SCHEMA_VERSION[state.type],
      fact,
    },
  };
}

function retract(itemId: string, body: unknown): ItemEvent {
  const issues = validateRetractionBody(body);
  if (issues.length > 0) throw validationError(issues.map(atBodyRoot));
  const data = body as RetractionBody;
  if (data.duplicateOf === itemId) {
    throw validationError([{ field: 'duplicateOf', message: 'an item cannot duplicate itself' }]);
  }
  return { type: 'ItemRetracted', data };
}
