/**
 * The right-hand side of iCalendar UIDs (`<itemId>@<domain>`). RFC 5545 §3.8.4.7 asks for a
 * domain the producer controls, so that two deployments exporting items with the same id do
 * not overwrite each other's events in a subscriber's calendar. ICAL_UID_DOMAIN sets it; else
 * the host name of PUBLIC_BASE_URL (the address people reach this deployment at); else
 * `policy-timeline`, the value earlier exports used, so existing subscriptions keep matching.
 */
export const DEFAULT_ICAL_UID_DOMAIN = 'policy-timeline';

const DOMAIN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the setting, pushing one line per problem (the config loader's convention). */
export function icalUidDomainFrom(env: Env, problems: string[]): string {
  const explicit = env.ICAL_UID_DOMAIN;
  if (explicit !== undefined && explicit !== '') {
    if (DOMAIN.test(explicit)) return explicit.toLowerCase();
    problems.push(`ICAL_UID_DOMAIN=${explicit} is not a domain name such as timeline.example.org`);
    return DEFAULT_ICAL_UID_DOMAIN;
  }
  const base = env.PUBLIC_BASE_URL;
  if (base === undefined || base === '') return DEFAULT_ICAL_UID_DOMAIN;
  if (!/^https?:\/\//i.test(base) || !URL.canParse(base)) {
    problems.push(
      `PUBLIC_BASE_URL=${base} is not an http(s) URL (ICAL_UID_DOMAIN defaults to its host)`,
    );
    return DEFAULT_ICAL_UID_DOMAIN;
  }
  // An IPv6 literal is no domain name: such a deployment keeps the default unless it sets one.
  const host = new URL(base).hostname.toLowerCase();
  return DOMAIN.test(host) ? host : DEFAULT_ICAL_UID_DOMAIN;
}
