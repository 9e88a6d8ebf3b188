/** Sanctions: imposed, threatened, lifted. */
import type {
  EntityRef,
  FactCommon,
  Identifier,
  IsoDay,
  ItemLink,
  LegalBasis,
  Location,
} from '../common';

export const MEASURE_KINDS = [
  'asset-freeze',
  'blocking',
  'entry-ban',
  'transaction-ban',
  'correspondent-account-restriction',
  'secondary-sanctions',
  'export-ban',
  'import-ban',
  'investment-ban',
  'service-ban',
  'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export interface SanctionMeasure {
  readonly kind: MeasureKind;
  /** The measure in the instrument's own terms, e.g. "senior management denied visas". */
  readonly scope?: string;
}

export const INSTRUMENT_TYPES = [
  'executive-order',
  'decree',
  'decision',
  'statute',
  'regulation',
  'directive',
  'determination',
  'general-license',
  'other',
] as const;
export type InstrumentType = (typeof INSTRUMENT_TYPES)[number];

/** A legal act. Shared by sanctions (the act that imposes them) and LegalInstrumentIssued. */
export interface Instrument {
  readonly instrumentType: InstrumentType;
  readonly title: string;
  readonly identifiers: readonly Identifier[];
  readonly signedOn?: IsoDay;
  readonly publishedOn?: IsoDay;
  readonly effectiveOn?: IsoDay;
  /** Identifiers of the acts this one amends. */
  readonly amends?: readonly Identifier[];
  readonly legalBasis?: readonly LegalBasis[];
}

export interface SanctionProgram {
  readonly name: string;
  readonly identifier?: string;
}

export interface SanctionImposedData extends FactCommon {
  /** The body imposing the sanction (actor side). */
  readonly authority: EntityRef;
  /** At least one (target side). */
  readonly sanctionedParties: readonly EntityRef[];
  /** At least one when given; absent when the source names none. */
  readonly measures?: readonly SanctionMeasure[];
  readonly program?: SanctionProgram;
  readonly instrument?: Instrument;
  readonly legalBasis?: readonly LegalBasis[];
  readonly effectiveFrom?: IsoDay;
  readonly effectiveUntil?: IsoDay;
  /** The reason the imposing authority gives. */
  readonly reason?: string;
}

export interface SanctionThreatenedData extends FactCommon {
  /** Who made the threat (actor side), at least one. */
  readonly threatenedBy: readonly EntityRef[];
  /** Who is warned (target side). */
  readonly addressees: readonly EntityRef[];
  /** The addressees in words, when they are a class ("banks that facilitate ..."). */
  readonly addresseeDescription?: string;
  /** At least one when given; absent when the threat names no measure. */
  readonly potentialMeasures?: readonly MeasureKind[];
  /** Items holding the legal basis invoked, e.g. the executive order. */
  readonly legalBasisItems?: readonly ItemLink[];
  readonly location?: Location;
}

export interface SanctionLiftedData extends FactCommon {
  readonly authority: EntityRef;
  /** At least one (target side). */
  readonly delistedParties: readonly EntityRef[];
  readonly measures?: readonly SanctionMeasure[];
  /** The item that recorded the sanction now lifted. */
  readonly lifts?: ItemLink;
  readonly instrument?: Instrument;
  readonly effectiveFrom?: IsoDay;
  readonly reason?: string;
}
