import { requiredAccess } from '../../../src/auth/access-policy';
import { ApiError } from '../../../src/http/error-catalogue';
import { negotiateTimelineFormat } from '../../../src/exports/negotiation';

const negotiate = (accept: string | undefined, query: Record<string, unknown> = {}) =>
  negotiateTimelineFormat(query, accept);

function refusal(run: () => unknown): { code: string; detail: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, detail: error.detail };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('timeline format negotiation', () => {
  it.each([
    [undefined, 'json', 'application/json'],
    ['', 'json', 'application/json'],
    ['*/*', 'json', 'application/json'],
    ['application/json, text/plain, */*', 'json', 'application/json'],
    ['text/html,application/xhtml+xml,*/*;q=0.8', 'json', 'application/json'],
    ['text/csv', 'csv', 'text/csv'],
    ['text/csv; charset=utf-8', 'csv', 'text/csv'],
    ['application/x-ndjson', 'ndjson', 'application/x-ndjson'],
    ['application/ndjson', 'ndjson', 'application/ndjson'],
    ['application/vnd.timelinejs+json', 'timelinejs', 'application/vnd.timelinejs+json'],
    ['text/calendar', 'ics', 'text/calendar'],
    ['application/json;q=0.5, text/calendar', 'ics', 'text/calendar'],
    ['text/csv;q=0, */*', 'json', 'application/json'],
    ['text/*', 'csv', 'text/csv'],
    ['text/*, text/csv;q=0', 'ics', 'text/calendar'],
  ])('Accept %p -> %s', (accept, format, mediaType) => {
    expect(negotiate(accept)).toEqual({ format, mediaType });
  });

  it('lets format= override Accept, case-insensitively, ical meaning ics', () => {
    expect(negotiate('application/json', { format: 'CSV' })).toEqual({
      format: 'csv',
      mediaType: 'text/csv',
    });
    expect(negotiate('image/png', { format: 'ical' }).format).toBe('ics');
    expect(negotiate('text/csv', { format: 'json' }).format).toBe('json');
    expect(negotiate(undefined, { format: 'timelinejs' }).mediaType).toBe('application/json');
  });

  it('refuses an unknown or repeated format naming the parameter (400)', () => {
    expect(refusal(() => negotiate(undefined, { format: 'xlsx' }))).toEqual({
      code: 'INVALID_QUERY_PARAMETER',
      detail: 'format: must be one of json, csv, ndjson, timelinejs, ics, not "xlsx"',
    });
    expect(refusal(() => negotiate(undefined, { format: ['csv', 'ics'] })).code).toBe(
      'INVALID_QUERY_PARAMETER',
    );
  });

  it('answers 406 when Accept matches nothing served', () => {
    expect(refusal(() => negotiate('image/png')).code).toBe('NOT_ACCEPTABLE');
    expect(refusal(() => negotiate('text/csv;q=0, application/json;q=0')).code).toBe(
      'NOT_ACCEPTABLE',
    );
    expect(refusal(() => negotiate('not a media type')).code).toBe('NOT_ACCEPTABLE');
  });

  it('is what the access policy uses: whatever is answered as an export needs the auditor role', () => {
    const access = (accept: string) =>
      requiredAccess({ method: 'GET', path: '/timeline', query: {}, accept });
    for (const accept of [
      'text/*',
      'application/vnd.timelinejs+json',
      'TEXT/CSV',
      'application/ndjson',
    ]) {
      expect([accept, access(accept)]).toEqual([accept, 'auditor']);
    }
    for (const accept of ['text/csv;q=0, application/json', '*/*', 'image/png']) {
      expect([accept, access(accept)]).toEqual([accept, 'reader']);
    }
  });
});
