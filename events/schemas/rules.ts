/**
 * Custom class-validator decorators shared by the schemas: identifiers, dates, EDTF, and the
 * "absent but never null" rule (the stored types say `field?: T`, so null is not a value).
 */
import {
  isISO31661Alpha2,
  Matches,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { deriveOccurrence, InvalidEdtfError } from '../edtf';

export const ENTITY_ID_PATTERN = /^ent:[a-z][a-z-]*:[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * The one item id rule, for the id a client sends, the id in a path and every reference to an
 * item (duplicateOf, links): one that can be created can be referred to.
 */
export const ITEM_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
export const MAX_ITEM_ID_LENGTH = 100;
export const ITEM_ID_RULE = `a lowercase slug: a-z, 0-9 and hyphens, not starting or ending with a hyphen, at most ${MAX_ITEM_ID_LENGTH} characters (e.g. eo-14114)`;
export const KEBAB_CASE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest entity id; also the longest path segment the HTTP router accepts, so every id is reachable. */
export const MAX_ENTITY_ID_LENGTH = 200;

export function isEntityId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_ENTITY_ID_LENGTH &&
    ENTITY_ID_PATTERN.test(value)
  );
}

export function isItemId(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length <= MAX_ITEM_ID_LENGTH && ITEM_ID_PATTERN.test(value)
  );
}

/** Skips validation when the property is absent; `null` is still validated (and so rejected). */
export function Absent(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export function IsEntityId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEntityId',
      validator: {
        validate: isEntityId,
        defaultMessage: () => '$property must be an entity id such as ent:country:CN',
      },
    },
    options,
  );
}

export function IsItemId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isItemId',
      validator: {
        validate: isItemId,
        defaultMessage: () => `$property must be ${ITEM_ID_RULE}`,
      },
    },
    options,
  );
}

export function IsKebabCase(options?: ValidationOptions): PropertyDecorator {
  return Matches(KEBAB_CASE_PATTERN, { message: '$property must be kebab-case', ...options });
}

/** Upper-case ISO 3166-1 alpha-2 (the validator library alone would accept `cn`). */
export function isCountryCode(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isISO31661Alpha2(value);
}

export function IsCountryCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCountryCode',
      validator: {
        validate: isCountryCode,
        defaultMessage: () => '$property must be an upper-case ISO 3166-1 alpha-2 country code',
      },
    },
    options,
  );
}

/** A country, or a supranational lawmaker. */
export function isJurisdiction(value: unknown): boolean {
  return isCountryCode(value) || value === 'EU' || value === 'UN';
}

export function IsJurisdiction(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isJurisdiction',
      validator: {
        validate: isJurisdiction,
        defaultMessage: () => '$property must be an ISO 3166-1 alpha-2 code, EU or UN',
      },
    },
    options,
  );
}

/** A real calendar day, `YYYY-MM-DD`. */
export function isIsoDay(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function IsIsoDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDay',
      validator: {
        validate: isIsoDay,
        defaultMessage: () => '$property must be a date YYYY-MM-DD',
      },
    },
    options,
  );
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, each a real date. */
export function isPartialIsoDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (/^\d{4}$/.test(value)) return true;
  if (/^\d{4}-\d{2}$/.test(value)) return isIsoDay(`${value}-01`);
  return isIsoDay(value);
}

export function IsPartialIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPartialIsoDate',
      validator: {
        validate: isPartialIsoDate,
        defaultMessage: () => '$property must be YYYY, YYYY-MM or YYYY-MM-DD',
      },
    },
    options,
  );
}

/** Why `value` is not usable EDTF, or null when it is. */
function edtfProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'not a string';
  try {
    deriveOccurrence(value);
    return null;
  } catch (error) {
    if (error instanceof InvalidEdtfError) return error.reason;
    throw error;
  }
}

/** Valid EDTF whose bounds we can derive; the message carries the parser's reason. */
export function IsEdtf(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEdtf',
      validator: {
        validate: (value: unknown) => edtfProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `$property must be valid EDTF (${edtfProblem(args?.value) ?? 'invalid'})`,
      },
    },
    options,
  );
}
