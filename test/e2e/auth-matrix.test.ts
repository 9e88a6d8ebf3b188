import { readFileSync } from 'node:fs';
import type { Access } from '../../src/auth/access-policy';
import { createKey } from '../../src/auth/key-admin';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type RequestOptions, type TestApp } from '../support/test-app';

/**
 * Every route x {no key, wrong key, reader, editor, auditor, admin} x ALLOW_ANONYMOUS_READS
 * on/off, against the real app: the expected status, and no event appended on any refusal.
 * Allowed calls are built so the handler visibly runs (201, 200, or a handler-level 428), which
 * proves the guard let them through. What each key may do is written out here (HOLDS), not read
 * from src/auth/roles.ts, so a change to the lattice has to change this test too.
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
  // A feed that opens never ends: a bad filter shows the access decision (400 once let in).
  {
    route: 'GET /timeline/changes',
    access: 'reader',
    okStatus: 400,
    request: get('/timeline/changes?limit=1'),
  },
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

const CALLERS = ['no key', 'wrong key', 'reader', 'editor', 'auditor', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type KeyCaller = Exclude<Caller, 'no key' | 'wrong key'>;

/** The README's lattice: every key reads; editing and auditing are separate; admin holds all. */
const HOLDS: Readonly<Record<KeyCaller, readonly Access[]>> = {
  reader: ['reader'],
  editor: ['reader', 'editor'],
  auditor: ['reader', 'auditor'],
  admin: ['reader', 'editor', 'auditor', 'admin'],
};

function expectedStatus(row: Row, caller: Caller, anonymousReads: boolean): number {
  if (row.access === 'public') return row.okStatus;
  if (caller === 'no key') return row.access === 'reader' && anonymousReads ? row.okStatus : 401;
  if (caller === 'wrong key') return 401; // a key that is sent must be valid, even for reads
  return HOLDS[caller].includes(row.access) ? row.okStatus : 403;
}

interface Instance {
  readonly app: TestApp;
  readonly keys: Map<Caller, string>;
  readonly served: Set<string>;
}

const instances = new Map<boolean, Instance>();
let counter = 0;
let checked = 0;

async function startInstance(anonymousReads: boolean): Promise<Instance> {
  const app = await startTestApp({ ALLOW_ANONYMOUS_READS: String(anonymousReads) });
  const keys = new Map<Caller, string>();
  keys.set('admin', readFileSync(app.config.bootstrapKeyFile, 'utf8').trim());
  keys.set('wrong key', 'ptk_this-key-was-never-issued-0000000000000000000');
  for (const role of ['reader', 'editor', 'auditor'] as const)
    keys.set(role, createKey(`m-${role}`, [role], app.config.keysFile).key);
  const admin = { authorization: `Bearer ${keys.get('admin')}` };
  for (const entity of ENTITY_FIXTURES)
    expect((await app.request('POST', '/entities', { body: entity, headers: admin })).status).toBe(
      201,
    );
  const item = await app.request('POST', '/items', {
    body: { type: 'SanctionImposed', itemId: ITEM, data: fact() },
    headers: admin,
  });
  expect(item.status).toBe(201);
  const doc = (await app.request('GET', '/openapi.json')).body as {
    paths: Record<string, object>;
  };
  const served = new Set(
    Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
  return { app, keys, served };
}

beforeAll(async () => {
  instances.set(true, await startInstance(true));
  instances.set(false, await startInstance(false));
});
afterAll(async () => {
  console.log(
    `auth matrix: ${ROWS.length} routes x ${CALLERS.length} callers x 2 ALLOW_ANONYMOUS_READS = ${ROWS.length * CALLERS.length * 2} cases, ${checked} checked`,
  );
  for (const instance of instances.values()) await instance.app.close();
});

it('has a row for every route the app serves, and serves every row', () => {
  const { served } = instances.get(true)!;
  const rows = new Set(ROWS.map((row) => row.route));
  expect([...served].filter((route) => !rows.has(route))).toEqual([]);
  expect([...rows].filter((route) => !served.has(route))).toEqual([]);
});

describe.each([true, false])('ALLOW_ANONYMOUS_READS=%s', (anonymousReads) => {
  describe.each(ROWS)('$route ($access)', (row) => {
    it.each(CALLERS)('%s', async (caller) => {
      const { app, keys } = instances.get(anonymousReads)!;
      const [method] = row.route.split(' ');
      const { path, options = {} } = row.request(++counter);
      const key = keys.get(caller);
      const headers = { ...options.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) };
      const before = await app.store.headPosition();
      const response = await app.request(method, path, { ...options, headers });
      const expected = expectedStatus(row, caller, anonymousReads);
      expect({ caller, status: response.status }).toEqual({ caller, status: expected });
      if (expected === 401 || expected === 403) {
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe(expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(await app.store.headPosition()).toBe(before);
      }
      checked += 1;
    });
  });
});
