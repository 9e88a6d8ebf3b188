import { ERROR_CATALOGUE, type ApiError } from './error-catalogue';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The RFC 9457 body of an error, the same wherever it is rendered (filter, framework, socket). */
export function problemBody(error: ApiError, instance: string | null): Record<string, unknown> {
  const { headers: _headers, ...extras } = error.extras;
  return {
    type: `https://policy-timeline.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`,
    title: ERROR_CATALOGUE[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.detail,
    ...(instance === null ? {} : { instance }),
    ...extras,
  };
}
