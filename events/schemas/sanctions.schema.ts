/** Schemas for SanctionImposed, SanctionThreatened, SanctionLifted and the shared Instrument. */
import { ArrayMinSize, ArrayUnique, IsArray, IsIn } from 'class-validator';
import type { AsInput } from '../facts';
import {
  INSTRUMENT_TYPES,
  MEASURE_KINDS,
  type Instrument,
  type InstrumentType,
  type MeasureKind,
  type SanctionImposedData,
  type SanctionLiftedData,
  type SanctionMeasure,
  type SanctionProgram,
  type SanctionThreatenedData,
} from '../facts/sanctions';
import {
  EntityRefSchema,
  FactCommonSchema,
  IdentifierSchema,
  ItemLinkSchema,
  LegalBasisSchema,
  LocationSchema,
  Nested,
  NestedArray,
  Text,
} from './common.schema';
import { Absent, IsIsoDay } from './rules';

export class SanctionMeasureSchema implements SanctionMeasure {
  @IsIn(MEASURE_KINDS) kind: MeasureKind;
  @Absent() @Text(1000) scope?: string;
}

export class InstrumentSchema implements Instrument {
  @IsIn(INSTRUMENT_TYPES) instrumentType: InstrumentType;
  @Text(500) title: string;
  @NestedArray(() => IdentifierSchema) identifiers: IdentifierSchema[];
  @Absent() @IsIsoDay() signedOn?: string;
  @Absent() @IsIsoDay() publishedOn?: string;
  @Absent() @IsIsoDay() effectiveOn?: string;
  @Absent() @NestedArray(() => IdentifierSchema, 1) amends?: IdentifierSchema[];
  @Absent() @NestedArray(() => LegalBasisSchema, 1) legalBasis?: LegalBasisSchema[];
}

export class SanctionProgramSchema implements SanctionProgram {
  @Text(300) name: string;
  @Absent() @Text(100) identifier?: string;
}

export class SanctionImposedSchema
  extends FactCommonSchema
  implements AsInput<SanctionImposedData>
{
  @Nested(() => EntityRefSchema) authority: EntityRefSchema;
  @NestedArray(() => EntityRefSchema, 1) sanctionedParties: EntityRefSchema[];
  // Absent when the source names no measures yet ("sanctions will follow"); never invented.
  @Absent() @NestedArray(() => SanctionMeasureSchema, 1) measures?: SanctionMeasureSchema[];
  @Absent() @Nested(() => SanctionProgramSchema) program?: SanctionProgramSchema;
  @Absent() @Nested(() => InstrumentSchema) instrument?: InstrumentSchema;
  @Absent() @NestedArray(() => LegalBasisSchema, 1) legalBasis?: LegalBasisSchema[];
  @Absent() @IsIsoDay() effectiveFrom?: string;
  @Absent() @IsIsoDay() effectiveUntil?: string;
  @Absent() @Text(2000) reason?: string;
}

export class SanctionThreatenedSchema
  extends FactCommonSchema
  implements AsInput<SanctionThreatenedData>
{
  @NestedArray(() => EntityRefSchema, 1) threatenedBy: EntityRefSchema[];
  @NestedArray(() => EntityRefSchema) addressees: EntityRefSchema[];
  @Absent() @Text(1000) addresseeDescription?: string;
  // Absent when the threat names no measure ("consequences"), rather than a made-up kind.
  @Absent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(MEASURE_KINDS, { each: true })
  potentialMeasures?: MeasureKind[];
  @Absent() @NestedArray(() => ItemLinkSchema, 1) legalBasisItems?: ItemLinkSchema[];
  @Absent() @Nested(() => LocationSchema) location?: LocationSchema;
}

export class SanctionLiftedSchema extends FactCommonSchema implements AsInput<SanctionLiftedData> {
  @Nested(() => EntityRefSchema) authority: EntityRefSchema;
  @NestedArray(() => EntityRefSchema, 1) delistedParties: EntityRefSchema[];
  @Absent() @NestedArray(() => SanctionMeasureSchema, 1) measures?: SanctionMeasureSchema[];
  @Absent() @Nested(() => ItemLinkSchema) lifts?: ItemLinkSchema;
  @Absent() @Nested(() => InstrumentSchema) instrument?: InstrumentSchema;
  @Absent() @IsIsoDay() effectiveFrom?: string;
  @Absent() @Text(2000) reason?: string;
}
