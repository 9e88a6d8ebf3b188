import { seedItemCommands, type ItemEvent } from '../../../events';
import {
  decideItem,
  evolveItem,
  initialItemState,
  type ItemCommand,
} from '../../../src/items/item.decider';
import { DomainError } from '../../../src/shared/domain-error';
import { countermeasuresFact } from '../../support/fixtures';

/** given events, when command, then events — or then the error code (and field). */
function given(...events: ItemEvent[]) {
  const state = events.reduce(evolveItem, initialItemState);
  return {
    when: (command: ItemCommand) => {
      const run = () => decideItem(command, state);
      return {
        then: (expected: (events: ItemEvent[]) => void) => expected(run()),
        thenFails: (code: string, field?: string) => {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
          if (field) expect((error as DomainError).fields.map((f) => f.field)).toContain(field);
        },
      };
    },
  };
}

const record: ItemCommand = {
  kind: 'record',
  itemId: 'mfa',
  type: 'SanctionImposed',
  data: countermeasuresFact(),
};
const recorded = () => decideItem(record, initialItemState)[0];
const correction = {
  kind: 'correction',
  reason: 'typo',
  patch: [{ op: 'replace', path: '/headline', value: 'Fixed' }],
};

describe('item decider', () => {
  it('records a fact with derived date bounds', () =>
    given()
      .when(record)
      .then(([event]) => {
        expect(event.type).toBe('SanctionImposed');
        expect(event.data).toMatchObject({
          occurred: {
            edtf: '2024-04-11',
            earliest: '2024-04-11',
            latest: '2024-04-11',
            precision: 'day',
          },
        });
      }));

  it('refuses an item that exists', () => given(recorded()).when(record).thenFails('ITEM_EXISTS'));
  it('refuses a type that is not a fact type', () =>
    given()
      .when({ ...record, type: 'ItemCorrected' })
      .thenFails('VALIDATION_FAILED', 'type'));
  it('refuses invalid fact data, naming the field', () =>
    given()
      .when({ ...record, data: countermeasuresFact({ occurred: { edtf: 'soon' } }) })
      .thenFails('VALIDATION_FAILED', 'data.occurred.edtf'));

  it('corrects a live item, embedding the full resulting fact', () =>
    given(recorded())
      .when({ kind: 'correct', expectedVersion: 1, body: correction })
      .then(([event]) => {
        expect(event).toMatchObject({
          type: 'ItemCorrected',
          data: { kind: 'correction', factType: 'SanctionImposed', fact: { headline: 'Fixed' } },
        });
      }));

  it('refuses a correction at a stale version', () =>
    given(recorded())
      .when({ kind: 'correct', expectedVersion: 3, body: correction })
      .thenFails('VERSION_MISMATCH', 'expectedVersion'));
  it('refuses a correction of an unknown item', () =>
    given().when({ kind: 'correct', expectedVersion: 0, body: correction }).thenFails('NOT_FOUND'));
  it('refuses a patch that changes nothing', () =>
    given(recorded())
      .when({
        kind: 'correct',
        expectedVersion: 1,
        body: {
          ...correction,
          patch: [{ op: 'test', path: '/headline', value: countermeasuresFact().headline }],
        },
      })
      .thenFails('RULE_VIOLATION', 'patch'));
  it('refuses a patch that does not apply', () =>
    given(recorded())
      .when({
        kind: 'correct',
        expectedVersion: 1,
        body: { ...correction, patch: [{ op: 'remove', path: '/nope' }] },
      })
      .thenFails('INVALID_PATCH'));
  it('refuses a patch leaving an invalid fact', () =>
    given(recorded())
      .when({
        kind: 'correct',
        expectedVersion: 1,
        body: { ...correction, patch: [{ op: 'remove', path: '/sources' }] },
      })
      .thenFails('VALIDATION_FAILED', 'data.sources'));
  it('refuses a malformed correction body', () =>
    given(recorded())
      .when({ kind: 'correct', expectedVersion: 1, body: { kind: 'whim', reason: 'x', patch: [] } })
      .thenFails('VALIDATION_FAILED', 'kind'));

  it('retracts a live item', () =>
    given(recorded())
      .when({
        kind: 'retract',
        itemId: 'mfa',
        expectedVersion: 1,
        body: { kind: 'duplicate', reason: 'same', duplicateOf: 'other' },
      })
      .then((events) =>
        expect(events).toEqual([
          {
            type: 'ItemRetracted',
            data: { kind: 'duplicate', reason: 'same', duplicateOf: 'other' },
          },
        ]),
      ));
  it('refuses an item that duplicates itself', () =>
    given(recorded())
      .when({
        kind: 'retract',
        itemId: 'mfa',
        expectedVersion: 1,
        body: { kind: 'duplicate', reason: 'same', duplicateOf: 'mfa' },
      })
      .thenFails('VALIDATION_FAILED', 'duplicateOf'));
  it('refuses duplicateOf unless the kind is duplicate', () =>
    given(recorded())
      .when({
        kind: 'retract',
        itemId: 'mfa',
        expectedVersion: 1,
        body: { kind: 'erroneous', reason: 'x', duplicateOf: 'other' },
      })
      .thenFails('VALIDATION_FAILED', 'duplicateOf'));

  const retracted = (): ItemEvent => ({
    type: 'ItemRetracted',
    data: { kind: 'erroneous', reason: 'wrong' },
  });
  it('a retracted item accepts no correction', () =>
    given(recorded(), retracted())
      .when({ kind: 'correct', expectedVersion: 2, body: correction })
      .thenFails('ITEM_RETRACTED'));
  it('a retracted item accepts no second retraction', () =>
    given(recorded(), retracted())
      .when({
        kind: 'retract',
        itemId: 'mfa',
        expectedVersion: 2,
        body: { kind: 'erroneous', reason: 'again' },
      })
      .thenFails('ITEM_RETRACTED'));

  it('decides every seed command without error, in order', () => {
    const states = new Map<string, ReturnType<typeof evolveItem>>();
    for (const command of seedItemCommands()) {
      const state = states.get(command.itemId) ?? initialItemState;
      const decided: ItemCommand =
        command.kind === 'record-item'
          ? { kind: 'record', itemId: command.itemId, type: command.type, data: command.data }
          : command.kind === 'correct-item'
            ? { kind: 'correct', expectedVersion: state.version, body: command.data }
            : {
                kind: 'retract',
                itemId: command.itemId,
                expectedVersion: state.version,
                body: command.data,
              };
      states.set(command.itemId, decideItem(decided, state).reduce(evolveItem, state));
    }
    expect(states.get('xi-lavrov-dup-tribune')?.status).toBe('retracted');
    expect(states.get('blinken-china-trip-2024-04')).toMatchObject({
      version: 2,
      fact: { engagement: { status: 'occurred' } },
    });
  });
});
