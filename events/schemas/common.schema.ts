/** class-validator schemas for the parts every fact shares (events/common.ts). */
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUrl,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CONFIDENCE_LEVELS,
  SOURCE_KINDS,
  type Confidence,
  type EntityRef,
  type FactCommon,
  type Identifier,
  type ItemLink,
  type LegalBasis,
  type Location,
  type OccurrenceInput,
  type SourceCitation,
  type SourceKind,
} from '../common';
import {
  Absent,
  IsCountryCode,
  IsEdtf,
  IsEntityId,
  IsItemId,
  IsJurisdiction,
  IsKebabCase,
  IsPartialIsoDate,
} from './rules';

const URL_RULES = { protocols: ['http', 'https'], require_protocol: true };

/** A required, non-blank string of bounded length. */
export function Text(max = 1000): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };
}

/** A nested object (not an array) validated by `schema`. */
export function Nested(schema: () => new () => object): PropertyDecorator {
  return (target, key) => {
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(schema)(target, key);
  };
}

/** An array of nested objects validated by `schema`, with at least `min` elements. */
export function NestedArray(schema: () => new () => object, min = 0, max = 500): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(min)(target, key);
    ArrayMaxSize(max)(target, key);
    // ValidateNested alone walks into an element that is itself an array and passes `[[]]`.
    IsObject({ each: true, message: '$property must hold objects, not arrays' })(target, key);
    ValidateNested({ each: true })(target, key);
    Type(schema)(target, key);
  };
}

export class EntityRefSchema implements EntityRef {
  @IsEntityId() entityId: string;
  @IsKebabCase() @MaxLength(60) role: string;
  @Absent() @Text(300) nameAsCited?: string;
}

export class SourceCitationSchema implements SourceCitation {
  @Text(500) title: string;
  @Text(300) publisher: string;
  @IsIn(SOURCE_KINDS) kind: SourceKind;
  @IsUrl(URL_RULES) @MaxLength(2000) url: string;
  @IsPartialIsoDate() publishedOn: string;
  @Absent() @IsUrl(URL_RULES) @MaxLength(2000) archiveUrl?: string;
  @Absent() @Text(300) officialIdentifier?: string;
  @Absent() @Text(300) locator?: string;
  @Absent() @Text(2000) quote?: string;
  @Absent() @Text(2000) note?: string;
}

/** Input only: earliest/latest/precision are derived by the server and rejected here. */
export class OccurrenceInputSchema implements OccurrenceInput {
  @IsString() @MaxLength(100) @IsEdtf() edtf: string;
  @Absent() @Text(300) asStated?: string;
}

export class IdentifierSchema implements Identifier {
  @IsKebabCase() @MaxLength(60) scheme: string;
  @Text(200) value: string;
}

export class LegalBasisSchema implements LegalBasis {
  @Text(500) title: string;
  @Absent() @IsArray() @IsString({ each: true }) @IsNotEmpty({ each: true }) articles?: string[];
}

export class LocationSchema implements Location {
  @IsCountryCode() countryCode: string;
  @Absent()
  @IsArray()
  @ArrayMinSize(1)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  cities?: string[];
  @Absent() @Text(300) venue?: string;
}

export class ItemLinkSchema implements ItemLink {
  @IsItemId() itemId: string;
  @Absent() @Text(60) claimId?: string;
}

export abstract class FactCommonSchema implements FactCommon<OccurrenceInput> {
  @Text(300) headline: string;
  @Text(5000) summary: string;
  @Nested(() => OccurrenceInputSchema) occurred: OccurrenceInputSchema;
  @NestedArray(() => EntityRefSchema) actors: EntityRefSchema[];
  @NestedArray(() => EntityRefSchema) targets: EntityRefSchema[];
  @IsArray() @ArrayUnique() @IsCountryCode({ each: true }) countries: string[];
  @IsArray() @ArrayUnique() @ArrayMaxSize(50) @IsKebabCase({ each: true }) topics: string[];
  @IsIn(CONFIDENCE_LEVELS) confidence: Confidence;
  @Absent() @IsJurisdiction() jurisdiction?: string;
  @NestedArray(() => SourceCitationSchema, 1, 100) sources: SourceCitationSchema[];
}
