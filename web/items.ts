/**
 * The page's view of a timeline item. The read API may put the fact's fields at the top level or
 * under `fact`; `toTimelineItem` accepts both so the page does not break if the shape is flattened.
 */

export interface Occurred {
  readonly edtf: string;
  readonly asStated: string | null;
  /** Inclusive days; null means open-ended on that side. */
  readonly earliest: string | null;
  readonly latest: string | null;
  readonly precision: string;
}

export interface EntityRef {
  readonly entityId: string;
  readonly role: string;
  readonly side: 'actor' | 'target' | 'other';
  readonly nameAsCited?: string;
  readonly name?: string;
}

export interface Source {
  readonly title: string;
  readonly publisher: string;
  readonly kind?: string;
  readonly url: string;
  readonly publishedOn?: string;
  readonly officialIdentifier?: string;
  readonly archiveUrl?: string;
  readonly quote?: string;
}

export interface Retraction {
  readonly kind: string;
  readonly reason: string;
  readonly duplicateOf?: string | null;
}

export interface TimelineItem {
  readonly itemId: string;
  readonly type: string;
  readonly headline: string;
  readonly summary: string;
  readonly occurred: Occurred;
  readonly status: 'live' | 'retracted';
  readonly retraction: Retraction | null;
  readonly version: number;
  readonly entities: readonly EntityRef[];
  readonly countries: readonly string[];
  readonly topics: readonly string[];
  readonly confidence: string;
  readonly sources: readonly Source[];
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
  /** Global position of the item's latest event, when the API gives it. */
  readonly lastPosition: string | null;
  /** Where a planned engagement stands ("expected", "occurred"...), for diplomatic items. */
  readonly stage: string | null;
}

type Raw = Readonly<Record<string, unknown>>;

const asRaw = (v: unknown): Raw => (typeof v === 'object' && v !== null ? (v as Raw) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export function toTimelineItem(value: unknown): TimelineItem {
  const raw = asRaw(value);
  const fact = raw.fact === undefined ? raw : asRaw(raw.fact);
  const pick = (key: string): unknown => raw[key] ?? fact[key];
  const occ = asRaw(pick('occurred'));
  return {
    itemId: str(raw.itemId) ?? '',
    type: str(raw.type) ?? 'Unknown',
    headline: str(pick('headline')) ?? '(no headline)',
    summary: str(pick('summary')) ?? '',
    occurred: {
      edtf: str(occ.edtf) ?? '',
      asStated: str(occ.asStated),
      earliest: str(occ.earliest) ?? str(raw.earliest),
      latest: str(occ.latest) ?? str(raw.latest),
      precision: str(occ.precision) ?? 'day',
    },
    status: raw.status === 'retracted' ? 'retracted' : 'live',
    retraction: raw.retraction ? (raw.retraction as Retraction) : null,
    version: typeof raw.version === 'number' ? raw.version : 0,
    entities: arr(raw.entities) as EntityRef[],
    countries: arr(pick('countries')).filter((c): c is string => typeof c === 'string'),
    topics: arr(pick('topics')).filter((t): t is string => typeof t === 'string'),
    confidence: str(pick('confidence')) ?? 'unknown',
    sources: arr(pick('sources')) as Source[],
    firstRecordedAt: str(raw.firstRecordedAt) ?? '',
    lastRecordedAt: str(raw.lastRecordedAt) ?? '',
    lastPosition: str(raw.lastPosition),
    stage: str(asRaw(pick('engagement')).status),
  };
}

export const FACT_TYPE_LABELS: Readonly<Record<string, string>> = {
  LegalInstrumentIssued: 'Legal instruments',
  SanctionImposed: 'Sanctions imposed',
  SanctionThreatened: 'Sanctions threatened',
  SanctionLifted: 'Sanctions lifted',
  ExportControlImposed: 'Export controls',
  IntelligenceAssessmentPublished: 'Intelligence assessments',
  TradeStatisticReported: 'Trade statistics',
  MaterialSupportAlleged: 'Material support alleged',
  DiplomaticEngagementReported: 'Diplomatic engagements',
};

export const typeLabel = (type: string): string => FACT_TYPE_LABELS[type] ?? type;

/** "Q4 2023 (2023-10-01 – 2023-12-31)" style description of when it happened. */
export function describeOccurred(o: Occurred): string {
  const range =
    o.precision === 'day' && o.earliest === o.latest
      ? (o.earliest ?? o.edtf)
      : `${o.earliest ?? 'open start'} – ${o.latest ?? 'open end'}`;
  return o.asStated ? `“${o.asStated}” (${range})` : range;
}

export function entityLabel(ref: EntityRef, names: ReadonlyMap<string, string>): string {
  return ref.name ?? names.get(ref.entityId) ?? ref.nameAsCited ?? ref.entityId;
}
