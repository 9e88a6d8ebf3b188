import { loadConfig } from '../../../src/config/app-config';
import { icalUidDomainFrom } from '../../../src/exports/ical-uid-domain';

function domainOf(env: Record<string, string>): { domain: string; problems: string[] } {
  const problems: string[] = [];
  return { domain: icalUidDomainFrom(env, problems), problems };
}

describe('iCalendar UID domain setting', () => {
  it('is ICAL_UID_DOMAIN, else the host name of PUBLIC_BASE_URL, else policy-timeline', () => {
    expect(domainOf({})).toEqual({ domain: 'policy-timeline', problems: [] });
    expect(domainOf({ PUBLIC_BASE_URL: 'https://Timeline.Example.org:8443/api' })).toEqual({
      domain: 'timeline.example.org',
      problems: [],
    });
    expect(
      domainOf({ ICAL_UID_DOMAIN: 'desk.example', PUBLIC_BASE_URL: 'https://other.example' }),
    ).toEqual({ domain: 'desk.example', problems: [] });
    // An IPv6 literal is no domain name: the default stays.
    expect(domainOf({ PUBLIC_BASE_URL: 'http://[::1]:3000' })).toEqual({
      domain: 'policy-timeline',
      problems: [],
    });
  });

  it('names a value it cannot use, one line each', () => {
    expect(domainOf({ ICAL_UID_DOMAIN: 'not a domain' }).problems).toEqual([
      'ICAL_UID_DOMAIN=not a domain is not a domain name such as timeline.example.org',
    ]);
    expect(domainOf({ ICAL_UID_DOMAIN: 'evil.example\r\nX-INJECTED:1' }).problems).toHaveLength(1);
    expect(domainOf({ PUBLIC_BASE_URL: 'timeline.example.org' }).problems).toEqual([
      'PUBLIC_BASE_URL=timeline.example.org is not an http(s) URL (ICAL_UID_DOMAIN defaults to its host)',
    ]);
  });

  it('is read by the configuration loader, which refuses a bad value at start-up', () => {
    const dir = { DATA_DIR: process.env.TMPDIR ?? '/tmp' };
    expect(loadConfig({ ...dir, ICAL_UID_DOMAIN: 'desk.example' }).icalUidDomain).toBe(
      'desk.example',
    );
    expect(() => loadConfig({ ...dir, ICAL_UID_DOMAIN: 'a b' })).toThrow(/ICAL_UID_DOMAIN=a b/);
  });
});
