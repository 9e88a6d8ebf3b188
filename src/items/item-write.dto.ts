import { IsDefined, IsObject, IsOptional, IsString } from 'class-validator';
import {
  isFactType,
  IsItemId,
  validateFactData,
  validateWith,
  type FieldIssue,
} from '../../events';

/** The envelope of POST /items; `data` is validated per fact type by the catalogue. */
export class RecordItemRequest {
  @IsString()
  type!: string;

  @IsOptional()
  @IsItemId()
  itemId?: string;

  @IsDefined()
  @IsObject()
  data!: Record<string, unknown>;
}

/**
 * The envelope's problems, as validateWith(RecordItemRequest, body) reports them. The envelope
 * only asks that `data` be an object, so an object `data` is checked as `{}`: otherwise
 * class-transformer deep-copies the whole fact (~1.5 KB) for that one IsObject check.
 */
export function envelopeProblems(body: unknown): FieldIssue[] {
  const envelope = isObject(body) && isObject(body.data) ? { ...body, data: {} } : body;
  const problems = validateWith(RecordItemRequest, envelope, 'body');
  // A refused envelope with a fact type and a fact: name the fact's problems in the same answer,
  // so one round trip shows a client everything to fix (only on this error path: valid bodies
  // are validated once, by the decider).
  const { type, data } = isObject(body) ? body : {};
  if (problems.length > 0 && typeof type === 'string' && isFactType(type) && isObject(data))
    problems.push(...validateFactData(type, data, 'body.data'));
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
