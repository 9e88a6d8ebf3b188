import { negotiateTimelineFormat } from '../exports/negotiation';
import type { Role } from './roles';

/**
 * THE access policy: one table, applied by the global AuthGuard, so no controller needs an auth
 * decorator and a route cannot be forgotten. The first matching rule wins; anything unmatched
 * needs `admin`, so a new write route is closed until someone decides who may use it.
 */
export type Access = 'public' | Role;

interface Rule {
  readonly method: string;
  readonly path: RegExp;
  readonly access: Access;
  readonly why: string;
}

/** `GET /items/:id/history` -> method + anchored regex; `:param` is one segment, `*` the rest. */
function rule(route: string, access: Access, why: string): Rule {
  const [method, pattern] = route.split(' ');
  const source = pattern
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : escape(segment),
    )
    .join('/');
  return { method, path: new RegExp(`^${source}/?$`), access, why };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const ACCESS_RULES: readonly Rule[] = [
  rule('GET /health/*', 'public', 'probes must work without credentials'),
  rule('GET /metrics', 'public', 'scraped by Prometheus; holds no record data'),
  rule('GET /openapi.json', 'public', 'the contract is public'),
  rule('GET /docs', 'public', 'API explorer'),
  rule('GET /docs/*', 'public', 'API explorer assets'),
  rule('POST /items', 'editor', 'records an item'),
  rule('POST /items/:id/corrections', 'editor', 'corrects an item'),
  rule('POST /items/:id/retraction', 'editor', 'retracts an item'),
  rule('POST /entities', 'editor', 'registers an entity'),
  rule('POST /entities/:id/aliases', 'editor', 'adds an alias'),
  rule('GET /items/:id/history', 'auditor', 'raw events and metadata'),
  rule('GET /audit/checkpoint', 'reader', 'signed tree head: hashes only, for anyone to keep'),
  rule('GET /audit/public-key', 'reader', 'verifies checkpoints'),
  rule('GET /audit/proof/*', 'reader', 'Merkle proofs: hashes only'),
  rule('GET /audit/*', 'auditor', 'global log, digest, verify'),
  rule('GET /admin/*', 'admin', 'projection status'),
  rule('POST /admin/*', 'admin', 'projection rebuild'),
  rule('GET /timeline/changes', 'reader', 'live changes of the public timeline (SSE)'),
  rule('GET /timeline', 'reader', 'the public timeline (exports: see isExport)'),
  rule('GET /items/:id', 'reader', 'one item'),
  rule('GET /entities', 'reader', 'entity search'),
  rule('GET /entities/:id', 'reader', 'one entity'),
  rule('GET /entities/:id/timeline', 'reader', "an entity's timeline (exports: see isExport)"),
];

/**
 * Bulk exports are an auditor's tool: decided by the same negotiation the timeline controllers
 * use (format= or Accept, q-values and wildcards included), so a request that is answered with
 * an export is always classified as one. A request that negotiation refuses (400/406) is not an
 * export; it reaches the controller, which refuses it the same way.
 */
export function isExport(
  query: Readonly<Record<string, unknown>>,
  accept: string | undefined,
): boolean {
  try {
    return negotiateTimelineFormat(query, accept).format !== 'json';
  } catch {
    return false;
  }
}

export interface AccessRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, unknown>>;
  readonly accept: string | undefined;
}

/** The access a request needs. HEAD is treated as GET (Fastify answers HEAD for GET routes). */
export function requiredAccess(request: AccessRequest): Access {
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const match = ACCESS_RULES.find((r) => r.method === method && r.path.test(request.path));
  if (!match) return 'admin';
  if (match.access === 'reader' && isExport(request.query, request.accept)) return 'auditor';
  return match.access;
}
