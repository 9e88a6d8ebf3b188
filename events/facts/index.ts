/** The fact types that open an item stream, keyed by event type. */
import type { FactCommon, OccurrenceInput } from '../common';
import type { DiplomaticEngagementReportedData } from './diplomatic-engagement';
import type { ExportControlImposedData } from './export-control';
import type { IntelligenceAssessmentPublishedData } from './intelligence-assessment';
import type { LegalInstrumentIssuedData } from './legal-instrument';
import type { MaterialSupportAllegedData } from './material-support';
import type { SanctionImposedData, SanctionLiftedData, SanctionThreatenedData } from './sanctions';
import type { TradeStatisticReportedData } from './trade-statistic';

export interface FactDataByType {
  readonly SanctionImposed: SanctionImposedData;
  readonly SanctionThreatened: SanctionThreatenedData;
  readonly SanctionLifted: SanctionLiftedData;
  readonly LegalInstrumentIssued: LegalInstrumentIssuedData;
  readonly ExportControlImposed: ExportControlImposedData;
  readonly IntelligenceAssessmentPublished: IntelligenceAssessmentPublishedData;
  readonly TradeStatisticReported: TradeStatisticReportedData;
  readonly MaterialSupportAlleged: MaterialSupportAllegedData;
  readonly DiplomaticEngagementReported: DiplomaticEngagementReportedData;
}

export type FactType = keyof FactDataByType;

/** Any stored fact (with derived occurrence bounds). */
export type Fact = FactDataByType[FactType];

/** A fact as a client sends it: `occurred` carries only `edtf` and `asStated`. */
export type AsInput<F> = F extends FactCommon
  ? Omit<F, 'occurred'> & { readonly occurred: OccurrenceInput }
  : never;
export type FactInput = AsInput<Fact>;

/** A fact event as it opens an item stream, discriminated by `type`. */
export type FactEvent = {
  [T in FactType]: { readonly type: T; readonly data: FactDataByType[T] };
}[FactType];

export * from './sanctions';
export * from './legal-instrument';
export * from './export-control';
export * from './intelligence-assessment';
export * from './trade-statistic';
export * from './material-support';
export * from './diplomatic-engagement';
