import type { PipeTransform } from '@nestjs/common';
import { ApiError } from './error-catalogue';

/** A query parameter an endpoint takes, as the OpenAPI document describes it. */
export interface QueryParameter {
  readonly name: string;
  readonly description: string;
}

export function queryParameters(
  entries: readonly (readonly [name: string, description: string])[],
): readonly QueryParameter[] {
  return entries.map(([name, description]) => ({ name, description }));
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
