/** Schemas for entity registration (POST /entities) and aliases (POST /entities/{id}/aliases). */
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  ENTITY_KINDS,
  type EntityAliasAddedData,
  type EntityKind,
  type EntityRegisteredData,
} from '../entity-events';
import { IdentifierSchema, NestedArray, Text } from './common.schema';
import { Absent, IsEntityId, IsJurisdiction } from './rules';

/** Non-empty strings, at most `max` of them, each at most 300 characters. */
function Names(max: number): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMaxSize(max)(target, key);
    IsString({ each: true })(target, key);
    IsNotEmpty({ each: true })(target, key);
    MaxLength(300, { each: true })(target, key);
  };
}

export class EntityRegisteredSchema implements EntityRegisteredData {
  @IsEntityId() entityId: string;
  @IsIn(ENTITY_KINDS) kind: EntityKind;
  @Text(300) name: string;
  @Names(100) aliases: string[];
  @Absent() @Names(100) weakAliases?: string[];
  @Absent()
  @Matches(/^Q[1-9]\d*$/, { message: '$property must be a Wikidata id such as Q148' })
  wikidataId?: string;
  // As a fact's jurisdiction: the European Union is an entity with a code of its own.
  @Absent() @IsArray() @IsJurisdiction({ each: true }) countryCodes?: string[];
  @Absent() @IsEntityId() parentId?: string;
  @Absent() @NestedArray(() => IdentifierSchema, 1) identifiers?: IdentifierSchema[];
  @Absent() @Text(2000) notes?: string;
}

export class EntityAliasAddedSchema implements EntityAliasAddedData {
  @Text(300) alias: string;
  @Absent() @IsBoolean() weak?: boolean;
}
