/**
 * A yes/no answer to "would validateSync(instance, VALIDATION_OPTIONS) find no error?", about
 * ten times cheaper than running class-validator's executor, for the common case of valid input.
 * It is built from class-validator's own metadata and calls the same constraint functions in the
 * same order, so the decorators stay the only definition of what is valid. It never decides a
 * rejection: on "no", on anything it does not model, or on an exception, the caller runs
 * class-validator, which decides and names the problems.
 */
import { getMetadataStorage, type MetadataStorage, ValidationTypes } from 'class-validator';
import type { VALIDATION_OPTIONS } from './validation';

type Metadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type Check = (object: Record<string, unknown>) => boolean;

/** The options this mirrors: unknown fields and unknown objects are errors; nothing is skipped. */
export const MIRRORED_OPTIONS: Pick<
  typeof VALIDATION_OPTIONS,
  'whitelist' | 'forbidNonWhitelisted' | 'forbidUnknownValues'
> = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

const storage = getMetadataStorage();
const { CUSTOM_VALIDATION, NESTED_VALIDATION, CONDITIONAL_VALIDATION, IS_DEFINED, WHITELIST } =
  ValidationTypes;
const MODELLED = new Set([
  CUSTOM_VALIDATION,
  NESTED_VALIDATION,
  CONDITIONAL_VALIDATION,
  IS_DEFINED,
  WHITELIST,
]);
/** Per class and schema name, as the executor looks metadata up; built on first use. */
const checks = new Map<unknown, Map<string | undefined, Check>>();

/** True only when class-validator would report no error for this transformed instance. */
export function passesEveryConstraint(instance: object): boolean {
  try {
    return checkObject(instance as Record<string, unknown>, undefined);
  } catch {
    return false;
  }
}

function checkObject(object: Record<string, unknown>, schema: string | undefined): boolean {
  let bySchema = checks.get(object.constructor);
  if (bySchema === undefined) checks.set(object.constructor, (bySchema = new Map()));
  let check = bySchema.get(schema);
  if (check === undefined) bySchema.set(schema, (check = compile(object.constructor, schema)));
  return check(object);
}

function compile(target: unknown, schema: string | undefined): Check {
  if (typeof target !== 'function') return () => false;
  const metadatas = storage.getTargetValidationMetadatas(target, schema as string, false, false);
  // forbidUnknownValues: an object of a class without metadata is an error.
  if (metadatas.length === 0 || metadatas.some((m) => !MODELLED.has(m.type))) return () => false;
  const grouped = storage.groupByPropertyName(metadatas);
  const properties = Object.entries(grouped).map(([name, list]) => compileProperty(name, list));
  return (object) => {
    // whitelist + forbidNonWhitelisted: every own key needs metadata (stricter: own entries only).
    for (const key of Object.keys(object)) if (!Object.hasOwn(grouped, key)) return false;
    for (const check of properties) if (!check(object)) return false;
    return true;
  };
}

/** Mirrors ValidationExecutor.performValidations for one property. */
function compileProperty(name: string, list: readonly Metadata[]): Check {
  const defined = withValidators(list.filter((m) => m.type === IS_DEFINED));
  const others = list.filter((m) => m.type !== IS_DEFINED && m.type !== WHITELIST);
  const custom = withValidators(others.filter((m) => m.type === CUSTOM_VALIDATION));
  const nested = others.filter((m) => m.type === NESTED_VALIDATION);
  const conditions = others.filter((m) => m.type === CONDITIONAL_VALIDATION);
  return (object) => {
    const value = object[name];
    // Every condition is evaluated, as the executor does, before any is looked at.
    const verdicts = conditions.map((m) => (m.constraints[0] as Condition)(object, value));
    if (!verdicts.every(Boolean)) return true;
    return (
      constraintsHold(defined, object, value) &&
      constraintsHold(custom, object, value) &&
      nestedHold(nested, value)
    );
  };
}

type Condition = (object: object, value: unknown) => unknown;
interface Validator {
  validate(value: unknown, args: object): unknown;
}
interface WithValidators {
  readonly metadata: Metadata;
  readonly validators: readonly Validator[];
}

/**
 * The constraint instances, resolved once: class-validator finds each one per call by a linear
 * search of its default container (no IoC container is configured here with useContainer).
 * Async constraints are left out, as validateSync skips them.
 */
function withValidators(list: readonly Metadata[]): readonly WithValidators[] {
  return list.map((metadata) => ({
    metadata,
    validators: storage
      .getTargetValidatorConstraints(metadata.constraintCls)
      .filter((constraint) => !constraint.async)
      .map((constraint) => constraint.instance as Validator),
  }));
}

/** Mirrors customValidations: `each` applies a constraint to every element of an array. */
function constraintsHold(list: readonly WithValidators[], object: object, value: unknown) {
  if (list.length === 0) return true;
  if (value instanceof Set || value instanceof Map) return false;
  const targetName = object.constructor?.name;
  for (const { metadata, validators } of list) {
    if (metadata.validateIf && !metadata.validateIf(object, value)) continue;
    const { propertyName: property, constraints } = metadata;
    const elements = metadata.each && Array.isArray(value) ? (value as unknown[]) : null;
    for (const validator of validators) {
      const args = { targetName, property, object, value, constraints };
      if (elements === null) {
        if (!isTrue(validator.validate(value, args))) return false;
      } else {
        for (let i = 0; i < elements.length; i++)
          if (!isTrue(validator.validate(elements[i], args))) return false;
      }
    }
  }
  return true;
}

/** A truthy verdict; a promise (an async verdict from a sync constraint) is left to class-validator. */
function isTrue(verdict: unknown): boolean {
  return Boolean(verdict) && !(verdict instanceof Promise);
}

/** Mirrors nestedValidations (arrays element by element, objects by their own class). */
function nestedHold(list: readonly Metadata[], value: unknown): boolean {
  if (value === undefined) return true;
  for (const metadata of list) {
    if (value instanceof Set || value instanceof Map) return false;
    if (Array.isArray(value)) {
      for (const element of value) if (!nestedHold(list, element)) return false;
    } else if (value instanceof Object) {
      const schema = typeof metadata.target === 'string' ? metadata.target : metadata.target.name;
      if (!checkObject(value as Record<string, unknown>, schema)) return false;
    } else {
      return false;
    }
  }
  return true;
}
