import type { ServerResponse } from 'node:http';
import type { ErrorCode } from './error-catalogue';

/**
 * What the request log needs to know about a problem answer: its stable code, recorded on the
 * raw response by whoever renders the problem, so every error line names the code a client saw.
 */
const PROBLEM_CODE = Symbol('problemCode');

type Marked = ServerResponse & { [PROBLEM_CODE]?: ErrorCode };

export function recordProblemCode(res: ServerResponse, code: ErrorCode): void {
  (res as Marked)[PROBLEM_CODE] = code;
}

export function problemCodeOf(res: ServerResponse): ErrorCode | undefined {
  return (res as Marked)[PROBLEM_CODE];
}

/**
 * 503s that ask the client to come back (Retry-After) because of where the service is, not
 * because anything failed: logged as warnings, without a stack. Other 5xx stay errors.
 */
const RETRY_LATER: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['NOT_CAUGHT_UP', 'SHUTTING_DOWN']);

export function isRetryLater(res: ServerResponse): boolean {
  const code = problemCodeOf(res);
  return code !== undefined && RETRY_LATER.has(code);
}
