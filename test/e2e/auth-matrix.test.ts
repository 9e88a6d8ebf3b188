import { readFileSync } from 'node:fs';
import type { Access } from '../../src/auth/access-policy';
import { createKey } from '../../src/auth/key-admin';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type RequestOptions, type TestApp } from '../support/test-app';

/**
 * Every route x {no key, reader, editor, auditor, admin}: the expected status, and no event
 * appended on any refusal. Allowed calls are built so the handler visibly runs (201, 200, or a
 * handler-level 428), which proves the guard let them through.
 */
interface Row {
  /** As in the OpenAPI document: `METHOD /path/{param}`. */
  readonly route: string;
  readonly access: Access;
  readonly okStatus: number;
  readonly request: (n: number) => { readonly path: string; readonly options?: RequestOptions };
}

const ITEM = 'matrix-item';
const fact = () => countermeasuresFact();
const get = (path: string) => () => ({ path });

const ROWS: readonly Row[] = [
  { route: 'GET /health/live', access: 'public', okStatus: 200, request: get('/health/live') },
  { route: 'GET /health/ready', access: 'public', okStatus: 200, request: get('/health/ready') },
  { route: 'GET /metrics', access: 'public', okStatus: 200, request: get('/metrics') },
  { route: 'GET /openapi.json', access: 'public', okStatus: 200, request: get('/openapi.json') },
  { route: 'GET /docs', access: 'public', okStatus: 200, request: get('/docs') },
  {
    route: 'POST /items',
    access: 'editor',
    okStatus: 201,
    request: (n) => ({
      path: '/items',
      options: { body: { type: 'SanctionImposed', itemId: `m-${n}`, data: fact() } },
    }),
  },
  {
    route: 'POST /items/{itemId}/corrections',
    access: 'editor',
    okStatus: 428, // reached the handler, which wants If-Match
    request: () => ({
      path: `/items/${ITEM}/corrections`,
      options: { body: { reason: 'x', changes: [] } },
    }),
  },
  {
    route: 'POST /items/{itemId}/retraction',
    access: 'editor',
    okStatus: 428,
    request: () => ({ path: `/items/${ITEM}/retraction`, options: { body: { reason: 'x' } } }),
  },
  {
    route: 'POST /entities',
    access: 'editor',
    okStatus: 201,
    request: (n) => ({
      path: '/entities',
      options: {
        body: { entityId: `ent:company:m-${n}`, kind: 'company', name: `Matrix ${n}`, aliases: [] },
      },
    }),
  },
  {
    route: 'POST /entities/{entityId}/aliases',
    access: 'editor',
    okStatus: 201,
    request: (n) => ({
      path: '/entities/ent:company:gdls/aliases',
      options: { body: { alias: `GDLS ${n}` } },
    }),
  },
  {
    route: 'GET /items/{itemId}/history',
    access: 'auditor',
    okStatus: 200,
    request: get(`/items/${ITEM}/history`),
  },
  { route: 'GET /audit/events', access: 'auditor', okStatus: 200, request: get('/audit/events') },
  { route: 'GET /audit/digest', access: 'auditor', okStatus: 200, request: get('/audit/digest') },
  { route: 'GET /audit/verify', access: 'auditor', okStatus: 200, request: get('/audit/verify') },
  // The verifiable log holds hashes only: readers may keep checkpoints and fetch proofs.
  {
    route: 'GET /audit/checkpoint',
    access: 'reader',
    okStatus: 200,
    request: get('/audit/checkpoint'),
  },
  {
    route: 'GET /audit/public-key',
    access: 'reader',
    okStatus: 200,
    request: get('/audit/public-key'),
  },
  {
    route: 'GET /audit/proof/inclusion',
    access: 'reader',
    okStatus: 404,
    request: get('/audit/proof/inclusion?eventId=0193a0a0-0000-7000-8000-000000000000'),
  },
  {
    route: 'GET /audit/proof/consistency',
    access: 'reader',
    okStatus: 200,
    request: get('/audit/proof/consistency?from=0'),
  },
  { route: 'GET /timeline', access: 'reader', okStatus: 200, request: get('/timeline') },
  // Exports of the same routes are an auditor's tool.
  {
    route: 'GET /timeline',
    access: 'auditor',
    okStatus: 200,
    request: get('/timeline?format=csv'),
  },
  {
    route: 'GET /entities/{id}/timeline',
    access: 'auditor',
    okStatus: 200,
    request: get('/entities/ent:country:CN/timeline?format=ndjson'),
  },
  { route: 'GET /items/{id}', access: 'reader', okStatus: 200, request: get(`/items/${ITEM}`) },
  { route: 'GET /entities', access: 'reader', okStatus: 200, request: get('/entities?q=china') },
  {
    route: 'GET /entities/{id}',
    access: 'reader',
    okStatus: 200,
    request: get('/entities/ent:country:CN'),
  },
  {
    route: 'GET /entities/{id}/timeline',
    access: 'reader',
    okStatus: 200,
    request: get('/entities/ent:country:CN/timeline'),
  },
  {
    route: 'GET /admin/projections',
    access: 'admin',
    okStatus: 200,
    request: get('/admin/projections'),
  },
  {
    route: 'POST /admin/projections/{name}/rebuild',
    access: 'admin',
    okStatus: 202,
    request: () => ({ path: '/admin/projections/entities/rebuild', options: { body: {} } }),
  },
];

/** Routes another engineer is still wiring into AppModule (the read side); listed, not hidden. */
const NOT_YET_SERVED = new Set([
  'GET /timeline',
  'GET /items/{id}',
  'GET /entities',
  'GET /entities/{id}',
  'GET /entities/{id}/timeline',
  'GET /admin/projections',
  'POST /admin/projections/{name}/rebuild',
]);

const CALLERS = ['no key', 'reader', 'editor', 'auditor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];

function expectedStatus(row: Row, caller: Caller): number {
  if (row.access === 'public') return row.okStatus;
  if (caller === 'no key') return row.access === 'reader' ? row.okStatus : 401; // anonymous reads on by default
  const allowed = caller === 'admin' || caller === row.access;
  return allowed ? row.okStatus : 403;
}

let t: TestApp;
const keys = new Map<Caller, string>();
let served: Set<string>;
let counter = 0;

beforeAll(async () => {
  t = await startTestApp();
  keys.set('admin', readFileSync(t.config.bootstrapKeyFile, 'utf8').trim());
  for (const role of ['reader', 'editor', 'auditor'] as const)
    keys.set(role, createKey(`m-${role}`, [role], t.config.keysFile).key);
  const admin = { authorization: `Bearer ${keys.get('admin')}` };
  for (const entity of ENTITY_FIXTURES)
    expect((await t.request('POST', '/entities', { body: entity, headers: admin })).status).toBe(
      201,
    );
  const item = await t.request('POST', '/items', {
    body: { type: 'SanctionImposed', itemId: ITEM, data: fact() },
    headers: admin,
  });
  expect(item.status).toBe(201);
  const doc = (await t.request('GET', '/openapi.json')).body as { paths: Record<string, object> };
  served = new Set(
    Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
});
afterAll(() => t.close());

it('has a row for every route the app serves', () => {
  const rows = new Set(ROWS.map((row) => row.route));
  expect([...served].filter((route) => !rows.has(route))).toEqual([]);
});

describe.each(ROWS)('$route ($access)', (row) => {
  it.each(CALLERS)('%s', async (caller) => {
    if (!served.has(row.route)) {
      // Not wired yet: the row stays so the matrix covers it the moment it is served.
      expect(NOT_YET_SERVED.has(row.route)).toBe(true);
      return;
    }
    const [method] = row.route.split(' ');
    const { path, options = {} } = row.request(++counter);
    const key = keys.get(caller);
    const headers = { ...options.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) };
    const before = await t.store.headPosition();
    const response = await t.request(method, path, { ...options, headers });
    const expected = expectedStatus(row, caller);
    expect({ caller, status: response.status }).toEqual({ caller, status: expected });
    if (expected === 401 || expected === 403) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await t.store.headPosition()).toBe(before);
    }
  });
});
