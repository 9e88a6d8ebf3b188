/**
 * One entry point per input kind. Each runs class-transformer + class-validator with unknown
 * fields forbidden and returns every problem with the field's full path (`data.sources[0].url`),
 * so the HTTP layer can name the offending fields in its 400.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { isFactType } from './catalogue';
import { FACT_SCHEMAS } from './schemas/facts.schema';
import { EntityAliasAddedSchema, EntityRegisteredSchema } from './schemas/entity.schema';
import { passesEveryConstraint } from './validation-fast-path';
import { CorrectionBodySchema, RetractionBodySchema } from './schemas/item.schema';

export interface FieldIssue {
  /** e.g. `data.sources[0].url`; the root is `data` for a fact and `body` for the other bodies. */
  readonly field: string;
  readonly message: string;
}

/** The options every schema is checked with (also what the HTTP layer should use). */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  /** One message per field: a missing field is "required", not also "too long" and "not empty". */
  stopAtFirstError: true,
  validationError: { target: false, value: true },
} as const;

/** Validates a fact's input data (occurred = { edtf, asStated? }) for the given type. */
export function validateFactData(type: string, data: unknown, root = 'data'): FieldIssue[] {
  if (!isFactType(type)) return [{ field: 'type', message: `unknown fact type "${type}"` }];
  return validateWith(FACT_SCHEMAS[type], data, root);
}

export function validateEntityData(data: unknown, root = 'body'): FieldIssue[] {
  return validateWith(EntityRegisteredSchema, data, root);
}

export function validateAliasBody(data: unknown, root = 'body'): FieldIssue[] {
  return validateWith(EntityAliasAddedSchema, data, root);
}

export function validateCorrectionBody(data: unknown, root = 'body'): FieldIssue[] {
  return validateWith(CorrectionBodySchema, data, root);
}

export function validateRetractionBody(data: unknown, root = 'body'): FieldIssue[] {
  return validateWith(RetractionBodySchema, data, root);
}

/** Validates `data` against a schema class; `data` itself is never modified. */
export function validateWith(schema: new () => object, data: unknown, root: string): FieldIssue[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [{ field: root, message: `${root} must be a JSON object` }];
  }
  const instance = plainToInstance(schema, data);
  // Valid input (nearly all of it) skips class-validator's costly executor; see the fast path.
  if (passesEveryConstraint(instance)) return [];
  return flatten(validateSync(instance, VALIDATION_OPTIONS), root);
}

function flatten(errors: readonly ValidationError[], parentPath: string): FieldIssue[] {
  return errors.flatMap((error) => {
    const path = /^\d+$/.test(error.property)
      ? `${parentPath}[${error.property}]`
      : `${parentPath}.${error.property}`;
    const unknownField = error.constraints?.whitelistValidation !== undefined;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field: path,
      message:
        error.value === undefined && !unknownField
          ? `${error.property} is required`
          : message.replace(/^property (\S+) should not exist$/, '$1 is not an allowed field'),
    }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
