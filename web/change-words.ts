/**
 * A correction's JSON Patch in plain words: "status: expected → occurred", "source added: *title*,
 * AP, 2024-04-12", "topic added: optics". What a change replaced or removed is read from the fact
 * as it stood before it (the previous event's fact), so a replacement can say what it replaced.
 */

/** Text, or a title to set in italics. */
export type Segment = string | { readonly emphasis: string };

export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

type Raw = Readonly<Record<string, unknown>>;

/** Field names as a person says them, for the paths whose last segment would not do. */
const FIELD_NAMES: Readonly<Record<string, string>> = { occurred: 'date' };
/** One element of a list field. */
const SINGULAR: Readonly<Record<string, string>> = {
  sources: 'source',
  topics: 'topic',
  countries: 'country',
  participants: 'participant',
  entities: 'entity',
  targets: 'target',
  actors: 'actor',
  cities: 'city',
};
/** Strings longer than this are shown only as they are now, not "old → new". */
const LONG_TEXT = 100;

const segmentsOf = (path: string): string[] =>
  path
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/** The value at a JSON pointer, or undefined (also for "-", the end of a list). */
export function valueAt(document: unknown, path: string): unknown {
  let here: unknown = document;
  for (const segment of segmentsOf(path)) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Raw)[segment];
  }
  return here;
}

/** "status" for /engagement/status, "source" for /sources/- or /sources/2. */
function fieldName(path: string): string {
  const segments = segmentsOf(path);
  const last = segments.at(-1) ?? '';
  const inList = last === '-' || /^\d+$/.test(last);
  const name = inList ? (segments.at(-2) ?? '') : last;
  const said = inList ? (SINGULAR[name] ?? name) : (FIELD_NAMES[name] ?? name);
  return said.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A value without JSON punctuation: a source by title, an entity by name, a date as stated. */
export function describeValue(value: unknown, names: ReadonlyMap<string, string>): Segment[] {
  if (value === null || value === undefined) return ['nothing'];
  if (Array.isArray(value)) {
    if (value.length === 0) return ['none'];
    return value.flatMap((v, i) => [...(i ? ['; '] : []), ...describeValue(v, names)]);
  }
  if (typeof value !== 'object') return [String(value)];
  const raw = value as Raw;
  if (typeof raw.title === 'string') {
    const rest = [raw.publisher, raw.publishedOn].filter((v) => typeof v === 'string');
    return [{ emphasis: raw.title }, ...rest.map((v) => `, ${String(v)}`)];
  }
  if (typeof raw.entityId === 'string') {
    const name = names.get(raw.entityId) ?? raw.nameAsCited ?? raw.entityId;
    return [`${String(name)}${typeof raw.role === 'string' ? ` (${raw.role})` : ''}`];
  }
  if (typeof raw.edtf === 'string') {
    return [typeof raw.asStated === 'string' ? `“${raw.asStated}” (${raw.edtf})` : raw.edtf];
  }
  if (Array.isArray(raw.cities) || typeof raw.countryCode === 'string') {
    const cities = Array.isArray(raw.cities) ? raw.cities.join(', ') : '';
    return [[cities, raw.countryCode ? `(${String(raw.countryCode)})` : ''].join(' ').trim()];
  }
  return Object.entries(raw).flatMap(([key, v], i) => [
    `${i ? '; ' : ''}${fieldName(`/${key}`)}: `,
    ...describeValue(v, names),
  ]);
}

/** One operation in words, or null for a `test` (a precondition, not a change). */
export function describeChange(
  op: PatchOperation,
  before: unknown,
  names: ReadonlyMap<string, string>,
): Segment[] | null {
  const field = fieldName(op.path);
  const old = valueAt(before, op.path);
  const value = (v: unknown) => describeValue(v, names);
  const intoList = /\/(-|\d+)$/.test(op.path);
  switch (op.op) {
    case 'test':
      return null;
    case 'add':
      if (intoList || old === undefined) return [`${field} added: `, ...value(op.value)];
      return [`${field}: `, ...value(old), ' → ', ...value(op.value)];
    case 'replace':
      if (old === undefined) return [`${field} set to `, ...value(op.value)];
      if (typeof op.value === 'string' && op.value.length > LONG_TEXT) {
        return [`${field} rewritten: `, op.value];
      }
      return [`${field}: `, ...value(old), ' → ', ...value(op.value)];
    case 'remove':
      return old === undefined ? [`${field} removed`] : [`${field} removed: `, ...value(old)];
    case 'move':
    case 'copy':
      return [`${field} ${op.op === 'move' ? 'moved' : 'copied'} from ${fieldName(op.from ?? '')}`];
    default:
      return [`${field}: ${op.op} `, ...value(op.value)];
  }
}
