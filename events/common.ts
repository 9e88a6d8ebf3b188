/**
 * Building blocks shared by every fact: who did what to whom, when, how sure we are and according
 * to whom. Plain readonly data; the class-validator schemas live in events/schemas/.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDay = string;

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: sources are sometimes dated only to the month. */
export type PartialIsoDate = string;

/** A pointer to a registered entity, with the part it plays and the wording the source used. */
export interface EntityRef {
  /** e.g. `ent:country:CN`, `ent:company:ga-asi`. */
  readonly entityId: string;
  /** kebab-case, e.g. `issuer`, `authority`, `target`, `host`, `supplier`. */
  readonly role: string;
  /** The surface form in the source ("China's Taiwan region"), kept instead of polluting aliases. */
  readonly nameAsCited?: string;
}

export const SOURCE_KINDS = [
  'primary-official',
  'news',
  'secondary',
  'research',
  'dataset',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface SourceCitation {
  readonly title: string;
  readonly publisher: string;
  readonly kind: SourceKind;
  readonly url: string;
  readonly publishedOn: PartialIsoDate;
  /** A stable archived copy, when the publisher's page may move. */
  readonly archiveUrl?: string;
  /** e.g. `88 FR 89271-89274; FR Doc. 2023-28662`. */
  readonly officialIdentifier?: string;
  /** Where in the source: section, paragraph, page. */
  readonly locator?: string;
  readonly quote?: string;
  /** Caveats about the citation itself (syndicated copy, unverified canonical URL...). */
  readonly note?: string;
}

/** Ordered from strongest to weakest; filters such as `confidence>=reported` rely on this order. */
export const CONFIDENCE_LEVELS = [
  'official-record',
  'confirmed',
  'official-claim',
  'reported',
  'alleged',
] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export const PRECISIONS = [
  'day',
  'month',
  'season',
  'quarter',
  'quadrimester',
  'semester',
  'year',
  'decade',
  'century',
  'interval',
  'set',
] as const;
export type Precision = (typeof PRECISIONS)[number];

/** What a client sends: the EDTF string and, optionally, the source's own wording. */
export interface OccurrenceInput {
  /** EDTF (ISO 8601-2), e.g. `2023`, `2023-36` (Q4), `2021/2022`, `/2024-04-12`. */
  readonly edtf: string;
  /** e.g. "in the last quarter of 2023", "on Tuesday". */
  readonly asStated?: string;
}

/** What is stored: the input plus bounds derived by the server (inclusive days, null = open). */
export interface Occurrence extends OccurrenceInput {
  readonly earliest: IsoDay | null;
  readonly latest: IsoDay | null;
  readonly precision: Precision;
}

/** An official identifier in a named scheme, e.g. `{ scheme: 'us-eo', value: '14114' }`. */
export interface Identifier {
  readonly scheme: string;
  readonly value: string;
}

export interface LegalBasis {
  readonly title: string;
  readonly articles?: readonly string[];
}

export interface Location {
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string;
  readonly cities?: readonly string[];
  readonly venue?: string;
}

/** A link to another item (and optionally one of its claims), by itemId. */
export interface ItemLink {
  readonly itemId: string;
  readonly claimId?: string;
}

/** The part every fact type shares; `O` is `OccurrenceInput` for client input. */
export interface FactCommon<O extends OccurrenceInput = Occurrence> {
  readonly headline: string;
  readonly summary: string;
  readonly occurred: O;
  readonly actors: readonly EntityRef[];
  readonly targets: readonly EntityRef[];
  /** ISO 3166-1 alpha-2 codes of the countries concerned. */
  readonly countries: readonly string[];
  /** kebab-case, e.g. `secondary-sanctions`. */
  readonly topics: readonly string[];
  readonly confidence: Confidence;
  /** Whose law applies: ISO 3166-1 alpha-2, or `EU` / `UN`. Absent when none does. */
  readonly jurisdiction?: string;
  /** At least one. */
  readonly sources: readonly SourceCitation[];
}
