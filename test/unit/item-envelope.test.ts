import { validateWith } from '../../events';
import { envelopeProblems, RecordItemRequest } from '../../src/items/item-write.dto';
import { countermeasuresFact } from '../support/fixtures';

/**
 * envelopeProblems checks an object `data` as `{}` to spare class-transformer a deep copy of the
 * fact; for every envelope it must report exactly what validating the real body reports.
 */
const fact = countermeasuresFact();

const envelopes: ReadonlyArray<readonly [string, unknown]> = [
  ['a valid envelope', { type: 'SanctionImposed', itemId: 'x-1', data: fact }],
  ['no itemId', { type: 'SanctionImposed', data: fact }],
  ['an invalid fact (not the envelope’s business)', { type: 'X', data: { headline: 5 } }],
  ['data missing', { type: 'SanctionImposed', itemId: 'x-1' }],
  ['data null', { type: 'SanctionImposed', data: null }],
  ['data an array', { type: 'SanctionImposed', data: [fact] }],
  ['data a string', { type: 'SanctionImposed', data: 'fact' }],
  ['data a number', { type: 'SanctionImposed', data: 0 }],
  ['data empty', { type: 'SanctionImposed', data: {} }],
  ['type missing', { itemId: 'x-1', data: fact }],
  ['type a number', { type: 7, data: fact }],
  ['bad itemId', { type: 'SanctionImposed', itemId: 'Bad Id!', data: fact }],
  ['itemId null', { type: 'SanctionImposed', itemId: null, data: fact }],
  ['unknown field', { type: 'SanctionImposed', data: fact, mood: 'grim' }],
  ['several problems', { type: [], itemId: 'A', data: [], extra: 1, more: { a: 1 } }],
  ['an empty body', {}],
  ['a null body', null],
  ['an array body', [{ type: 'SanctionImposed', data: fact }]],
  ['a string body', 'text'],
];

describe('envelopeProblems', () => {
  it.each(envelopes)('reports what validateWith does for %s', (_label, body) => {
    const before = JSON.stringify(body);
    expect(envelopeProblems(body)).toEqual(validateWith(RecordItemRequest, body, 'body'));
    expect(JSON.stringify(body)).toBe(before);
  });

  it('does report envelope problems (the comparison above is not vacuous)', () => {
    expect(envelopeProblems({ type: 7, data: [] }).map((p) => p.field)).toEqual([
      'body.type',
      'body.data',
    ]);
  });
});
