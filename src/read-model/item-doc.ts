import type { TimelineItemView } from '../../projections';

/**
 * The JSON stored per item row version, which is also the HTTP representation: positions become
 * decimal strings (they may exceed 2^53), and the occurrence is lifted out of the fact.
 */
export interface ItemDoc {
  readonly itemId: string;
  readonly type: string;
  readonly status: TimelineItemView['status'];
  readonly retraction: TimelineItemView['retraction'];
  readonly version: number;
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
  readonly firstPosition: string;
  readonly lastPosition: string;
  readonly earliest: string | null;
  readonly latest: string | null;
  readonly confidence: string;
  readonly entities: TimelineItemView['entities'];
  readonly countries: readonly string[];
  readonly topics: readonly string[];
  readonly fact: TimelineItemView['fact'];
}

export function toItemDoc(view: TimelineItemView): ItemDoc {
  return {
    itemId: view.itemId,
    type: view.type,
    status: view.status,
    retraction: view.retraction,
    version: view.version,
    firstRecordedAt: view.firstRecordedAt,
    lastRecordedAt: view.lastRecordedAt,
    firstPosition: view.firstPosition.toString(),
    lastPosition: view.lastPosition.toString(),
    earliest: view.earliest,
    latest: view.latest,
    confidence: view.confidence,
    entities: view.entities,
    countries: view.countries,
    topics: view.topics,
    fact: view.fact,
  };
}

export function fromItemDoc(doc: ItemDoc): TimelineItemView {
  return {
    ...doc,
    firstPosition: BigInt(doc.firstPosition),
    lastPosition: BigInt(doc.lastPosition),
  };
}

/** Order key: items without a lower bound sort first, ties broken by itemId in the query. */
export function sortKeyOf(view: Pick<TimelineItemView, 'earliest'>): string {
  return view.earliest ?? '';
}

/** Bits of `item_keys.sides`: on which side(s) an entity appears in the item. */
export const SIDE_BITS = { actor: 1, target: 2, other: 4 } as const;

/**
 * The filter keys of an item with their side bits: `e:<entityId>` (one row per entity, so an
 * actor/target filter is the same index walk with a bit test), `c:<country>`, `p:<topic>`,
 * `j:<jurisdiction>` (whose law the fact is made under: a country code, EU or UN).
 */
export function filterKeysOf(view: TimelineItemView): Map<string, number> {
  const keys = new Map<string, number>();
  for (const ref of view.entities) {
    const key = `e:${ref.entityId}`;
    keys.set(key, (keys.get(key) ?? 0) | SIDE_BITS[ref.side]);
  }
  for (const country of view.countries) keys.set(`c:${country.toUpperCase()}`, 0);
  for (const topic of view.topics) keys.set(`p:${topic.toLowerCase()}`, 0);
  const { jurisdiction } = view.fact;
  if (typeof jurisdiction === 'string') keys.set(`j:${jurisdiction.toUpperCase()}`, 0);
  return keys;
}

/**
 * Span classes of [earliest, latest] with the longest span (in days after earliest) each allows.
 * A date-range query walks each class from `from - maxSpan`, so a year-long item is found by a
 * March query without scanning every day-precise item since the January before.
 */
export const SPAN_CLASSES = [
  ['d', 0],
  ['m', 30],
  ['q', 91],
  ['y', 365],
  ['x', 3659],
] as const;
export const OPEN_SPAN = 'o';

const DAY_MS = 86_400_000;

export function spanClassOf(view: Pick<TimelineItemView, 'earliest' | 'latest'>): string {
  if (view.earliest === null || view.latest === null) return OPEN_SPAN;
  const days = (Date.parse(view.latest) - Date.parse(view.earliest)) / DAY_MS;
  return SPAN_CLASSES.find(([, max]) => days <= max)?.[0] ?? OPEN_SPAN;
}

export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(day) - days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The full-text document: headline, summary, every source quote, and the filter keys as tokens
 * (keyTokenOf), so a word and a key filter together are one intersection inside FTS5.
 */
export function searchTextOf(
  view: TimelineItemView,
  keys: ReadonlyMap<string, number> = filterKeysOf(view),
): [string, string, string, string] {
  const fact = view.fact;
  const sources = Array.isArray(fact.sources) ? (fact.sources as { quote?: unknown }[]) : [];
  const quotes = sources.map((s) => (typeof s?.quote === 'string' ? s.quote : '')).join('\n');
  // '_' is a token character (for the key tokens); in the text it separates words, as q's do.
  const words = (text: string) => text.replaceAll('_', ' ');
  const tokens: string[] = [];
  for (const [key, sides] of keys) {
    tokens.push(keyTokenOf(key, 0));
    for (const bit of Object.values(SIDE_BITS)) if (sides & bit) tokens.push(keyTokenOf(key, bit));
  }
  return [
    words(String(fact.headline ?? '')),
    words(String(fact.summary ?? '')),
    words(quotes),
    tokens.join(' '),
  ];
}

const SIDE_MARK: Record<number, string> = { 0: 'x', 1: 'a', 2: 't', 4: 'o' };

/**
 * A filter key (with one side bit, or 0 for any side) as a full-text token: `_k<side>` and a
 * 32-bit FNV-1a hash of the key in base 36. The tokenizer keeps `_` inside tokens, and a `q` is
 * reduced to letters and digits, so no search can produce one. Short tokens keep the cost of
 * indexing them small; two keys sharing a hash only widen what FTS5 returns, since the query
 * still checks the key rows.
 */
export function keyTokenOf(key: string, side: number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `_k${SIDE_MARK[side]}${(hash >>> 0).toString(36)}`;
}

/**
 * Full-text rowids carry the span class and the order key, so a MATCH yields each class's item
 * versions in day order: a page of a common word needs only its first matches, and a date range
 * bounds each class's walk the way it bounds the span-key walks (a one-month range reads a month
 * of day-precise matches, not every match since year 0). Layout: class index in SPAN_CLASS_ORDER
 * << 59 | (day number + 1) << 37 | row_id, where the day counts from 0000-01-01 and items
 * without a lower bound (sort key '') take 0. Sort keys are EDTF-derived days of years
 * 0000-9999, so the day fits 22 bits; row ids get 37 (137 billion row versions).
 */
const ROW_BITS = 37n;
const CLASS_SHIFT = 59n;
const DAY_ZERO = Date.parse('0000-01-01');

/** Span classes in full-text rowid order; the bounded ones with their longest span in days. */
export const SPAN_CLASS_ORDER: readonly (readonly [string, number | null])[] = [
  ...SPAN_CLASSES,
  [OPEN_SPAN, null],
];
const CLASS_INDEX = new Map(SPAN_CLASS_ORDER.map(([c], i) => [c, BigInt(i)]));

export function ftsDay(sortKey: string): bigint {
  return sortKey === '' ? 0n : BigInt((Date.parse(sortKey) - DAY_ZERO) / DAY_MS + 1);
}

export function ftsRowId(sortKey: string, spanClass: string, rowId: number | bigint): bigint {
  return ftsDayStart(CLASS_INDEX.get(spanClass)!, ftsDay(sortKey)) | BigInt(rowId);
}

/** The first full-text rowid of a class's day (`day + 1` gives the end of the day, exclusive). */
export function ftsDayStart(classIndex: bigint, day: bigint): bigint {
  return (classIndex << CLASS_SHIFT) | (day << ROW_BITS);
}

/** SQL expression: the items row_id inside a full-text rowid. */
export const FTS_ROW_ID_MASK = (1n << ROW_BITS) - 1n;
