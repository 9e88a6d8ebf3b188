import { requiredAccess } from '../../src/auth/access-policy';
import {
  generateApiKey,
  hashApiKey,
  hasRole,
  matchApiKey,
  parseEnvKeys,
} from '../../src/auth/api-keys';
import { projectionProblems } from '../../src/health/readiness.indicators';

const access = (method: string, url: string, accept?: string) => {
  const [path, search = ''] = url.split('?');
  return requiredAccess({
    method,
    path,
    query: Object.fromEntries(new URLSearchParams(search)),
    accept,
  });
};

describe('the access policy', () => {
  it.each([
    ['GET', '/health/live', 'public'],
    ['GET', '/health/ready', 'public'],
    ['GET', '/metrics', 'public'],
    ['GET', '/openapi.json', 'public'],
    ['GET', '/docs', 'public'],
    ['GET', '/docs/swagger-ui.css', 'public'],
    ['POST', '/items', 'editor'],
    ['POST', '/items/eo-14114/corrections', 'editor'],
    ['POST', '/items/eo-14114/retraction', 'editor'],
    ['POST', '/entities', 'editor'],
    ['POST', '/entities/ent:company:gdls/aliases', 'editor'],
    ['GET', '/items/eo-14114', 'reader'],
    ['HEAD', '/items/eo-14114', 'reader'],
    ['GET', '/items/eo-14114/history', 'auditor'],
    ['GET', '/timeline?country=CN', 'reader'],
    ['GET', '/timeline?format=csv', 'auditor'],
    ['GET', '/timeline?format=ICS', 'auditor'],
    ['GET', '/entities/ent:country:CN/timeline?format=timelinejs', 'auditor'],
    ['GET', '/entities', 'reader'],
    ['GET', '/entities/ent:country:CN', 'reader'],
    ['GET', '/audit/events', 'auditor'],
    ['GET', '/audit/digest', 'auditor'],
    ['GET', '/audit/verify', 'auditor'],
    ['GET', '/admin/projections', 'admin'],
    ['POST', '/admin/projections/timeline/rebuild', 'admin'],
    // Unlisted routes are closed to all but admin: a new route is never open by accident.
    ['DELETE', '/items/eo-14114', 'admin'],
    ['POST', '/something-new', 'admin'],
    ['GET', '/items/a/b/c', 'admin'],
  ])('%s %s needs %s', (method, url, expected) => {
    expect(access(method, url)).toBe(expected);
  });

  it('treats an export Accept header like ?format', () => {
    expect(access('GET', '/timeline', 'text/csv')).toBe('auditor');
    expect(access('GET', '/timeline', 'application/x-ndjson')).toBe('auditor');
    expect(access('GET', '/timeline', 'text/calendar')).toBe('auditor');
    expect(access('GET', '/timeline', 'application/json')).toBe('reader');
  });
});

describe('API keys', () => {
  it('matches only the exact key and returns its principal', () => {
    const key = generateApiKey();
    const records = [
      { name: 'other', roles: ['reader'] as const, sha256: hashApiKey(generateApiKey()) },
      { name: 'desk', roles: ['editor'] as const, sha256: hashApiKey(key) },
    ];
    expect(matchApiKey(records, key)).toEqual({ name: 'desk', roles: ['editor'] });
    expect(matchApiKey(records, `${key}x`)).toBeNull();
    expect(matchApiKey([], key)).toBeNull();
  });

  it('generates distinct, prefixed keys', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^ptk_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
  });

  it('lets admin do everything, every key read, and others only their roles', () => {
    const admin = { name: 'a', roles: ['admin'] as const };
    const editor = { name: 'e', roles: ['editor'] as const };
    expect(
      ['reader', 'editor', 'auditor', 'admin'].every((r) => hasRole(admin, r as 'reader')),
    ).toBe(true);
    expect(hasRole(editor, 'editor')).toBe(true);
    expect(hasRole(editor, 'reader')).toBe(true);
    expect(hasRole(editor, 'auditor')).toBe(false);
    expect(hasRole({ name: 'u', roles: ['auditor'] }, 'reader')).toBe(true);
    expect(hasRole({ name: 'u', roles: ['auditor'] }, 'editor')).toBe(false);
  });

  it('parses API_KEYS and rejects plain keys given in place of hashes', () => {
    const sha = hashApiKey('secret');
    expect(parseEnvKeys(`a:reader:${sha}, b:editor+auditor:${sha}`)).toEqual([
      { name: 'a', roles: ['reader'], sha256: sha },
      { name: 'b', roles: ['editor', 'auditor'], sha256: sha },
    ]);
    expect(() => parseEnvKeys('a:reader:ptk_plainkey')).toThrow(/sha256 must be 64 lower-case hex/);
  });
});

describe('readiness: projections', () => {
  const healthy = { name: 'timeline', state: 'live' as const, failure: null, lag: '0' };

  it('is ready when every projection is live within the lag limit', () => {
    expect(projectionProblems([healthy, { ...healthy, name: 'entities', lag: '10' }], 10)).toEqual(
      [],
    );
  });

  it('is not ready when a projection lags beyond the limit', () => {
    expect(projectionProblems([{ ...healthy, lag: '11' }], 10)).toEqual([
      'timeline lags 11 events (limit 10)',
    ]);
  });

  it('is not ready when a projection failed, naming the position', () => {
    const failure = { name: 'timeline', position: '42', eventType: 'X', error: 'boom' };
    expect(projectionProblems([{ ...healthy, state: 'failed', failure }], 1000)).toEqual([
      'timeline failed at position 42: boom',
    ]);
  });
});
