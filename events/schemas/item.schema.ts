/** Schemas for the bodies of corrections and retractions (POST /items/{id}/corrections|retraction). */
import { deepClone, validate as validatePatch } from 'fast-json-patch';
import { IsArray, IsIn, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import {
  CORRECTION_KINDS,
  RETRACTION_KINDS,
  type CorrectionBody,
  type CorrectionKind,
  type JsonPatchOperation,
  type RetractionBody,
  type RetractionKind,
} from '../item-events';
import { NestedArray, SourceCitationSchema, Text } from './common.schema';
import { Absent, IsItemId } from './rules';

export const MAX_PATCH_OPERATIONS = 200;

/** Why `ops` is not a well-formed RFC 6902 patch, or null when it is. */
export function patchProblem(ops: unknown): string | null {
  if (!Array.isArray(ops)) return 'must be an array of JSON Patch operations';
  if (ops.length === 0) return 'must contain at least one operation';
  if (ops.length > MAX_PATCH_OPERATIONS)
    return `must contain at most ${MAX_PATCH_OPERATIONS} operations`;
  const error = validatePatch(deepClone(ops) as never);
  return error
    ? `operation ${String(error.index)}: ${error.name} ${error.message.split('\n')[0]}`
    : null;
}

function IsJsonPatch(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJsonPatch',
      validator: {
        validate: (value: unknown) => patchProblem(value) === null,
        defaultMessage: (args) => `$property ${patchProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

export class CorrectionBodySchema implements CorrectionBody {
  @IsIn(CORRECTION_KINDS) kind: CorrectionKind;
  @Text(2000) reason: string;
  @IsArray() @IsJsonPatch() patch: JsonPatchOperation[];
  @Absent() @NestedArray(() => SourceCitationSchema, 1, 100) sources?: SourceCitationSchema[];
}

/** duplicateOf is required for a duplicate and meaningless otherwise. */
function MatchesDuplicateKind(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'matchesDuplicateKind',
      validator: {
        validate: (value: unknown, args) =>
          ((args?.object as RetractionBody).kind === 'duplicate') === (value !== undefined),
        defaultMessage: () => '$property is required when kind is duplicate, and only then',
      },
    },
    options,
  );
}

export class RetractionBodySchema implements RetractionBody {
  @IsIn(RETRACTION_KINDS) kind: RetractionKind;
  @Text(2000) reason: string;
  @ValidateIf(
    (body: RetractionBody, value: unknown) => value !== undefined || body.kind === 'duplicate',
  )
  @IsItemId()
  @MatchesDuplicateKind()
  duplicateOf?: string;
}
