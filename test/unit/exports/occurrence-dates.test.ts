import { addDays, occurrenceLabel } from '../../../src/exports/occurrence-dates';

const label = (edtf: string, earliest: string | null, latest: string | null) =>
  occurrenceLabel({ edtf, earliest, latest });

describe('occurrence wording', () => {
  it.each([
    ['2023-12-22', '2023-12-22', '2023-12-22', 'December 22, 2023'],
    ['2023-12', '2023-12-01', '2023-12-31', 'December 2023'],
    ['2023-36', '2023-10-01', '2023-12-31', 'Q4 2023'],
    ['2023-33', '2023-01-01', '2023-03-31', 'Q1 2023'],
    ['2023-21', '2023-01-01', '2023-03-31', 'Spring 2023'],
    ['2023', '2023-01-01', '2023-12-31', '2023'],
    ['2021/2022', '2021-01-01', '2022-12-31', '2021–2022'],
    ['2023-01/2023-04', '2023-01-01', '2023-04-30', 'January–April 2023'],
    ['2023-11/2024-02', '2023-11-01', '2024-02-29', 'November 2023 – February 2024'],
    ['2024-04-24/2024-04-26', '2024-04-24', '2024-04-26', 'April 24–26, 2024'],
    ['2024-04-29/2024-05-02', '2024-04-29', '2024-05-02', 'April 29 – May 2, 2024'],
    ['2023-12-30/2024-01-02', '2023-12-30', '2024-01-02', 'December 30, 2023 – January 2, 2024'],
    ['2024-04-12/', '2024-04-12', null, 'from April 12, 2024'],
    ['/2024-04-12', null, '2024-04-12', 'until April 12, 2024'],
  ])('%s reads "%s".."%s" as %s', (edtf, earliest, latest, expected) => {
    expect(label(edtf, earliest, latest)).toBe(expected);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('0099-12-31', 1)).toBe('0100-01-01');
  });
});
