import type { PipeTransform } from '@nestjs/common';
import { ApiError } from './error-catalogue';

/** JSON Schema of a parameter value, as OpenAPI 3.1 writes it. */
export type ParameterSchema = Readonly<Record<string, unknown>>;

/** A query parameter an endpoint takes, as the OpenAPI document describes it. */
export interface QueryParameter {
  readonly name: string;
  readonly description: string;
  /** What the endpoint accepts, so a generated client gets real types (not every value a string). */
  readonly schema: ParameterSchema;
  /** Query parameters are optional unless said otherwise. */
  readonly required?: boolean;
}

export function queryParameters(
  entries: readonly (readonly [
    name: string,
    description: string,
    schema: ParameterSchema,
    required?: 'required',
  ])[],
): readonly QueryParameter[] {
  return entries.map(([name, description, schema, required]) => ({
    name,
    description,
    schema,
    ...(required ? { required: true } : {}),
  }));
}

/** `true` or `false` as the query string spells them. */
export const FLAG_SCHEMA: ParameterSchema = { type: 'string', enum: ['true', 'false'] };

/** A global position: decimal digits (it may exceed 2^53, so not a JSON number). */
export const POSITION_SCHEMA: ParameterSchema = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,39})$',
};

/**
 * A filter that takes a comma list (any value matches) and may be repeated (each must match):
 * an array exploded into repeated parameters, each element a comma list of `value`s.
 */
export function repeatableList(value: string, maxLength = 2000): ParameterSchema {
  return {
    type: 'array',
    items: { type: 'string', pattern: `^${value}(,${value})*$`, maxLength },
  };
}

export const NO_QUERY_PARAMETERS: readonly QueryParameter[] = [];

/**
 * `@Query(new KnownQueryParameters(list))`: refuses any parameter the endpoint does not take, with
 * a 400 naming it. Ignored, a misspelt filter (`contry=RU`) or one the endpoint lacks (`asOf` on
 * the entity view) would answer an unfiltered or current result as if it were the one asked for,
 * which is worse than an error for a desk that acts on it. Bodies refuse unknown fields the same way.
 */
export class KnownQueryParameters implements PipeTransform<unknown> {
  private readonly names: ReadonlySet<string>;

  constructor(parameters: readonly QueryParameter[]) {
    this.names = new Set(parameters.map((p) => p.name));
  }

  transform(query: unknown): unknown {
    if (query === null || typeof query !== 'object') return query;
    for (const name of Object.keys(query)) {
      if (this.names.has(name)) continue;
      throw ApiError.invalidQuery(
        name,
        this.names.size === 0
          ? 'this endpoint takes no query parameters'
          : `is not a parameter of this endpoint, which takes ${[...this.names].join(', ')}`,
      );
    }
    return query;
  }
}
