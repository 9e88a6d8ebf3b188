import { findTextProblem, textProblem } from '../../../events/text-rules';

describe('text the record accepts', () => {
  it.each([
    ['plain text', 'China sanctions GA-ASI — “countermeasures”'],
    ['tab, line feed and carriage return', 'line one\r\nline two\tend'],
    ['a surrogate pair (an emoji)', 'flag 🇨🇳'],
  ])('accepts %s', (_, text) => expect(textProblem(text)).toBeNull());

  it.each([
    ['a lone high surrogate', 'x \ud800', /lone surrogate/],
    ['a lone low surrogate', '\udc00 y', /lone surrogate/],
    ['NUL', 'a\u0000b', /U\+0000/],
    ['ESC', 'red \u001b[31m', /U\+001B/],
    ['DEL', 'x\u007f', /U\+007F/],
    ['vertical tab', 'x\u000by', /U\+000B/],
  ])('refuses %s', (_, text, message) => expect(textProblem(text)).toMatch(message));

  it('names the first bad string by its path, keys included', () => {
    expect(
      findTextProblem({ data: { sources: [{ title: 'ok' }, { title: 'bad \ud800' }] } }),
    ).toEqual({
      field: 'data.sources[1].title',
      message: expect.stringMatching(/lone surrogate/),
    });
    expect(findTextProblem({ data: { ['k\u0000']: 1 } })?.field).toBe('data.k\u0000');
    expect(findTextProblem({ data: { a: [1, true, null, 'fine'] } })).toBeNull();
    expect(findTextProblem('\u0001')).toEqual({ field: 'body', message: expect.any(String) });
  });
});
