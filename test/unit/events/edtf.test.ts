import { completeOccurrence, deriveOccurrence, InvalidEdtfError } from '../../../events/edtf';

describe('deriveOccurrence', () => {
  it.each([
    ['2024-04-12', '2024-04-12', '2024-04-12', 'day'],
    ['2023', '2023-01-01', '2023-12-31', 'year'],
    ['2023-12', '2023-12-01', '2023-12-31', 'month'],
    ['2024-02', '2024-02-01', '2024-02-29', 'month'],
    ['2023-36', '2023-10-01', '2023-12-31', 'quarter'],
    ['2023-33', '2023-01-01', '2023-03-31', 'quarter'],
    ['2023-21', '2023-01-01', '2023-03-31', 'season'],
    ['2023-22', '2023-04-01', '2023-06-30', 'season'],
    ['2023-23', '2023-07-01', '2023-09-30', 'season'],
    ['2023-24', '2023-10-01', '2023-12-31', 'season'],
    ['2021/2022', '2021-01-01', '2022-12-31', 'interval'],
    ['2024-04-24/2024-04-26', '2024-04-24', '2024-04-26', 'interval'],
    ['2023-XX', '2023-01-01', '2023-12-31', 'year'],
    ['202X', '2020-01-01', '2029-12-31', 'decade'],
    ['2023~', '2023-01-01', '2023-12-31', 'year'],
    ['[2023,2024]', '2023-01-01', '2024-12-31', 'set'],
  ])('%s -> %s..%s (%s)', (edtf, earliest, latest, precision) => {
    expect(deriveOccurrence(edtf)).toEqual({ earliest, latest, precision });
  });

  it.each([
    ['/2024-04-12', null, '2024-04-12'],
    ['../2024-04-12', null, '2024-04-12'],
    ['2024-04-12/', '2024-04-12', null],
    ['2024-04-12/..', '2024-04-12', null],
  ])('open or unknown end %s -> %s..%s', (edtf, earliest, latest) => {
    expect(deriveOccurrence(edtf)).toEqual({ earliest, latest, precision: 'interval' });
  });

  it.each([
    ['', 'empty'],
    ['foo', 'not EDTF'],
    ['2024-02-30', 'no such day'],
    ['2023-13', 'no such month'],
    ['2023-42', 'no such division of a year'],
    [' 2023', 'leading space'],
    ['12/04/2024', 'a locale date'],
    ['../..', 'no known end'],
    ['Y-20000', 'outside the years a day can express'],
    // Read as something else by the package: refused, never stored with another date.
    ['99999', 'digits the package reads as a millisecond timestamp (1970-01-01)'],
    ['2023-02-29', 'a day February 2023 lacks (the package reads 2023-03-01)'],
    ['{2020,2023-02-29}', 'a set member that does not exist'],
    [`[${Array.from({ length: 40 }, (_, i) => 1900 + i).join(',')}]`, 'longer than 100 characters'],
  ])('rejects %j (%s) with InvalidEdtfError', (edtf) => {
    expect(() => deriveOccurrence(edtf)).toThrow(InvalidEdtfError);
  });

  it('names the offending string in the error', () => {
    try {
      deriveOccurrence('2024-02-30');
      throw new Error('expected a throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEdtfError);
      expect((error as InvalidEdtfError).edtf).toBe('2024-02-30');
      expect((error as InvalidEdtfError).message).toContain('2024-02-30');
    }
  });

  it('says what is wrong in words and shows the accepted forms', () => {
    for (const bad of ['2024-13-01', 'foo', '99999']) {
      const message = (() => {
        try {
          deriveOccurrence(bad);
          return '';
        } catch (error) {
          return (error as InvalidEdtfError).reason;
        }
      })();
      expect(message).not.toMatch(/Syntax error at line|:$/);
      expect(message).toContain('2024-04-09 (a day)');
    }
  });

  it('refuses a 200 KB set at once, without parsing it', () => {
    const huge = `[${Array.from({ length: 40_000 }, (_, i) => 1000 + (i % 9000)).join(',')}]`;
    expect(() => deriveOccurrence(huge)).toThrow(/longer than 100 characters/);
  });

  it('keeps accepting date-times, whose time the package writes back normalised', () => {
    expect(deriveOccurrence('2024-04-09T10:00:00Z')).toMatchObject({ earliest: '2024-04-09' });
    expect(deriveOccurrence('2024-02-29')).toMatchObject({ earliest: '2024-02-29' });
  });

  it('completeOccurrence keeps the wording and adds the derived bounds', () => {
    expect(
      completeOccurrence({ edtf: '2023-36', asStated: 'in the last quarter of 2023' }),
    ).toEqual({
      edtf: '2023-36',
      asStated: 'in the last quarter of 2023',
      earliest: '2023-10-01',
      latest: '2023-12-31',
      precision: 'quarter',
    });
  });
});
