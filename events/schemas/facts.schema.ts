/** Schemas for the non-sanction fact types, and the schema class for each fact type. */
import { ArrayUnique, IsIn } from 'class-validator';
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
  EntityRefSchema,
  FactCommonSchema,
  ItemLinkSchema,
  LocationSchema,
  Nested,
  NestedArray,
  Text,
} from './common.schema';
import { Absent, IsIsoDay, IsItemId } from './rules';
import {
  InstrumentSchema,
  SanctionImposedSchema,
  SanctionLiftedSchema,
  SanctionThreatenedSchema,
} from './sanctions.schema';
import { TradeStatisticReportedSchema } from './trade-statistic.schema';

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
  @Absent() @IsIn(ENGAGEMENT_FORMS) form?: EngagementForm;
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
