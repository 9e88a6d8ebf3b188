import { IsDefined, IsObject, IsOptional, IsString } from 'class-validator';
import { IsItemId, validateWith, type FieldIssue } from '../../events';

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
  return validateWith(RecordItemRequest, envelope, 'body');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
