import type { FastifyInstance } from 'fastify';
import { findTextProblem } from '../../events/text-rules';
import { ApiError } from './error-catalogue';

/**
 * Deepest nesting a body may have. Real bodies nest five or six levels (an item's data, a
 * source, a JSON Patch value); 64 leaves room for any honest client while keeping the recursive
 * steps after parsing (class-transformer, the idempotency fingerprint) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The API's only body parser: JSON sent as application/json. Every other content type (a form,
 * text, CSV) is a 415 naming the expected type; a body nested deeper than MAX_JSON_DEPTH, or with
 * text the record refuses (a lone surrogate, a control character), is a 400 naming the limit or
 * the field, decided before any validation runs.
 */
export function installJsonBodyParser(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (request, body, done) => {
      parseJson(request, body as string, (error: Error | null, value?: unknown) => {
        // secure-json-parse's refusals (a __proto__ key) are SyntaxErrors too: all are bad JSON.
        if (error)
          return done(
            new ApiError('MALFORMED_JSON', `The body is not valid JSON: ${error.message}`),
            undefined,
          );
        const depth = depthBeyond(value, MAX_JSON_DEPTH);
        if (depth) {
          return done(
            new ApiError(
              'VALIDATION_FAILED',
              `The body nests deeper than ${MAX_JSON_DEPTH} levels`,
              {
                fields: [
                  { field: 'body', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` },
                ],
              },
            ),
            undefined,
          );
        }
        // Refused here, before the idempotency fingerprint or validation touch the text.
        const text = findTextProblem(value);
        if (text) {
          return done(
            new ApiError('VALIDATION_FAILED', `${text.field}: ${text.message}`, { fields: [text] }),
            undefined,
          );
        }
        done(null, value);
      });
    },
  );
}

/** True when `value` has arrays or objects nested more than `limit` deep (iterative: no recursion). */
function depthBeyond(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
