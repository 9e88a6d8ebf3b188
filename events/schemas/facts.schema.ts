/** Schemas for the non-sanction fact types, and the schema class for each fact type. */
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO4217CurrencyCode,
  IsString,
  Matches,
  IsNumber,
  Max,
  Min,
} from 'class-validator';
import type { AsInput, FactType } from '../facts';
import type {
  DiplomaticEngagementReportedData,
  Engagement,
  EngagementForm,
  EngagementStatus,
} from '../facts/diplomatic-engagement';
import { ENGAGEMENT_FORMS, ENGAGEMENT_STATUSES } from '../facts/diplomatic-engagement';
import {
  CONTROL_TYPES,
  LICENSE_POLICIES,
  type ControlType,
  type ExportControl,
  type ExportControlImposedData,
  type LicensePolicy,
} from '../facts/export-control';
import {
  RELEASE_MODES,
  type AssessmentClaim,
  type AssessmentRelease,
  type IntelligenceAssessmentPublishedData,
  type ReleaseMode,
} from '../facts/intelligence-assessment';
import type { LegalInstrumentIssuedData } from '../facts/legal-instrument';
import type { MaterialSupportAllegedData, SupplyLine } from '../facts/material-support';
import {
  FIGURE_QUALIFIERS,
  TRADE_FLOWS,
  type Commodity,
  type FigureQualifier,
  type MoneyAmount,
  type Share,
  type TradeFlow,
  type TradeObservation,
  type TradeStatistic,
  type TradeStatisticReportedData,
} from '../facts/trade-statistic';
import {
  EntityRefSchema,
  FactCommonSchema,
  ItemLinkSchema,
  LocationSchema,
  Nested,
  NestedArray,
  Text,
} from './common.schema';
import { Absent, IsEdtf, IsIsoDay, IsItemId } from './rules';
import {
  InstrumentSchema,
  SanctionImposedSchema,
  SanctionLiftedSchema,
  SanctionThreatenedSchema,
} from './sanctions.schema';

export class LegalInstrumentIssuedSchema
  extends FactCommonSchema
  implements AsInput<LegalInstrumentIssuedData>
{
  @Nested(() => InstrumentSchema) instrument: InstrumentSchema;
  @Nested(() => EntityRefSchema) issuer: EntityRefSchema;
  @Absent() @NestedArray(() => EntityRefSchema, 1) delegatesTo?: EntityRefSchema[];
}

export class ExportControlSchema implements ExportControl {
  @IsIn(CONTROL_TYPES) controlType: ControlType;
  @Absent() @IsIn(LICENSE_POLICIES) licensePolicy?: LicensePolicy;
  @Absent() @Text(500) regulation?: string;
  @Absent() @IsIsoDay() announcedOn?: string;
  @Absent() @IsIsoDay() publishedOn?: string;
  @Absent() @IsIsoDay() effectiveOn?: string;
}

export class ExportControlImposedSchema
  extends FactCommonSchema
  implements AsInput<ExportControlImposedData>
{
  @Nested(() => ExportControlSchema) control: ExportControlSchema;
  @Nested(() => EntityRefSchema) authority: EntityRefSchema;
  @NestedArray(() => EntityRefSchema, 1) controlledParties: EntityRefSchema[];
}

export class AssessmentReleaseSchema implements AssessmentRelease {
  @IsIn(RELEASE_MODES) mode: ReleaseMode;
  @Absent() @Text(500) attributedTo?: string;
  @Absent() @Text(500) classificationNote?: string;
}

export class AssessmentClaimSchema implements AssessmentClaim {
  @Text(60) claimId: string;
  @Text(2000) text: string;
  @Absent() @IsItemId() derivedItemId?: string;
}

export class IntelligenceAssessmentPublishedSchema
  extends FactCommonSchema
  implements AsInput<IntelligenceAssessmentPublishedData>
{
  @Nested(() => AssessmentReleaseSchema) release: AssessmentReleaseSchema;
  @Nested(() => EntityRefSchema) issuingGovernment: EntityRefSchema;
  @NestedArray(() => AssessmentClaimSchema, 1)
  @ArrayUnique((claim: AssessmentClaim) => claim?.claimId, { message: 'claimIds must be unique' })
  claims: AssessmentClaimSchema[];
}

export class MoneyAmountSchema implements MoneyAmount {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) amount: number;
  @IsISO4217CurrencyCode() currency: string;
  @Absent() @IsIn(FIGURE_QUALIFIERS) qualifier?: FigureQualifier;
  @Absent() @Text(300) of?: string;
}

export class ShareSchema implements Share {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) percent: number;
  @IsIn(FIGURE_QUALIFIERS) qualifier: FigureQualifier;
  @Text(300) of: string;
}

export class TradeObservationSchema implements TradeObservation {
  @IsEdtf() period: string;
  @Absent() @Nested(() => MoneyAmountSchema) value?: MoneyAmountSchema;
  @Absent() @Nested(() => MoneyAmountSchema) totalValue?: MoneyAmountSchema;
  @Absent() @Nested(() => ShareSchema) share?: ShareSchema;
}

export class CommoditySchema implements Commodity {
  @Text(300) label: string;
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^\d{2,10}$/, { each: true, message: 'each HS code must be 2 to 10 digits' })
  hsCodes: string[];
}

export class TradeStatisticSchema implements TradeStatistic {
  @IsIn(TRADE_FLOWS) flow: TradeFlow;
  @Nested(() => EntityRefSchema) reporter: EntityRefSchema;
  @Nested(() => EntityRefSchema) partner: EntityRefSchema;
  @Nested(() => CommoditySchema) commodity: CommoditySchema;
  @NestedArray(() => TradeObservationSchema, 1) observations: TradeObservationSchema[];
  @Nested(() => EntityRefSchema) statedBy: EntityRefSchema;
  @Absent() @Text(1000) underlyingData?: string;
}

export class TradeStatisticReportedSchema
  extends FactCommonSchema
  implements AsInput<TradeStatisticReportedData>
{
  @Nested(() => TradeStatisticSchema) statistic: TradeStatisticSchema;
  @Absent() @Nested(() => ItemLinkSchema) derivedFrom?: ItemLinkSchema;
}

export class SupplyLineSchema implements SupplyLine {
  @NestedArray(() => EntityRefSchema, 1) suppliers: EntityRefSchema[];
  @Text(500) goods: string;
  @Absent() @Text(500) endUse?: string;
}

export class MaterialSupportAllegedSchema
  extends FactCommonSchema
  implements AsInput<MaterialSupportAllegedData>
{
  @NestedArray(() => SupplyLineSchema, 1) supplies: SupplyLineSchema[];
  @Nested(() => EntityRefSchema) recipient: EntityRefSchema;
  @Nested(() => EntityRefSchema) allegedBy: EntityRefSchema;
  @Absent() @Nested(() => ItemLinkSchema) derivedFrom?: ItemLinkSchema;
}

export class EngagementSchema implements Engagement {
  @IsIn(ENGAGEMENT_FORMS) form: EngagementForm;
  @IsIn(ENGAGEMENT_STATUSES) status: EngagementStatus;
  @Absent() @Nested(() => LocationSchema) location?: LocationSchema;
}

export class DiplomaticEngagementReportedSchema
  extends FactCommonSchema
  implements AsInput<DiplomaticEngagementReportedData>
{
  @Nested(() => EngagementSchema) engagement: EngagementSchema;
  @NestedArray(() => EntityRefSchema, 1) participants: EntityRefSchema[];
}

/** The class-validator schema of each fact type's input (occurred without derived fields). */
export const FACT_SCHEMAS: { readonly [T in FactType]: new () => FactCommonSchema } = {
  SanctionImposed: SanctionImposedSchema,
  SanctionThreatened: SanctionThreatenedSchema,
  SanctionLifted: SanctionLiftedSchema,
  LegalInstrumentIssued: LegalInstrumentIssuedSchema,
  ExportControlImposed: ExportControlImposedSchema,
  IntelligenceAssessmentPublished: IntelligenceAssessmentPublishedSchema,
  TradeStatisticReported: TradeStatisticReportedSchema,
  MaterialSupportAlleged: MaterialSupportAllegedSchema,
  DiplomaticEngagementReported: DiplomaticEngagementReportedSchema,
};
