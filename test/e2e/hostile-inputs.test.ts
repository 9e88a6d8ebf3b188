import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The hostile matrix: a few hundred requests a hostile or careless client might send — broken
 * JSON, wrong types, prototype keys, invalid Unicode, control characters, huge strings and
 * arrays within the body limit, deep nesting, hostile JSON Patches, forged cursors, rolled-over
 * dates, odd headers and paths — against the real app on a real SQLite file. Every answer must
 * be below 500 and, when refused, problem+json; a refused write must leave the log as it was; and
 * no request may hold the event loop for a second (a hang bound, not a speed target).
 */
interface Hostile {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** An item to record first (not measured), so that each correction meets version 1. */
  readonly freshItem?: string;
}

const LONE = '\\ud800';
const VALUES: readonly [string, string][] = [
  ['null', 'null'],
  ['a huge number', '1e999'],
  ['a negative zero', '-0'],
  ['true', 'true'],
  ['an empty array', '[]'],
  ['an empty object', '{}'],
  ['an empty string', '""'],
  ['a 100 KB string', JSON.stringify('x'.repeat(100_000))],
  ['a NUL', '"a\\u0000b"'],
  ['an ESC sequence', '"red \\u001b[31m"'],
  ['a lone surrogate', `"x ${LONE}"`],
  ['a __proto__ object', '{"__proto__":{"polluted":true}}'],
  ['a constructor key', '{"constructor":{"prototype":{"x":1}}}'],
  ['60 nested arrays', `${'['.repeat(60)}${']'.repeat(60)}`],
  ['10,000 numbers', `[${Array.from({ length: 10_000 }, (_, i) => i).join(',')}]`],
  ['markup', '"<script>alert(1)</script>"'],
  ['a path', '"../../etc/passwd"'],
  ['an unsafe integer', '9007199254740993'],
];
const PATHS = [
  ['type'],
  ['itemId'],
  ['data'],
  ['data', 'headline'],
  ['data', 'summary'],
  ['data', 'occurred'],
  ['data', 'occurred', 'edtf'],
  ['data', 'actors'],
  ['data', 'actors', 0, 'entityId'],
  ['data', 'sources', 0, 'url'],
  ['data', 'topics'],
  ['data', 'countries', 0],
] as const;

/** The valid item body with the value at `path` replaced by raw JSON text. */
function itemWith(path: readonly (string | number)[], rawValue: string, n: number): string {
  const placeholder = `__HOSTILE_${n}__`;
  const body: Record<string, unknown> = {
    type: 'SanctionImposed',
    itemId: `hostile-${n}`,
    data: countermeasuresFact(),
  };
  let node: Record<string | number, unknown> = body;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = placeholder;
  return JSON.stringify(body).replace(`"${placeholder}"`, rawValue);
}

function forgedCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function hostileRequests(): Hostile[] {
  const json = { 'content-type': 'application/json' };
  const requests: Hostile[] = [];
  let n = 0;
  for (const path of PATHS) {
    for (const [label, raw] of VALUES) {
      n += 1;
      requests.push({
        label: `POST /items with ${path.join('.')} = ${label}`,
        method: 'POST',
        path: '/items',
        rawBody: itemWith(path, raw, n),
        headers: json,
      });
    }
  }
  const brokenBodies = [
    '',
    '{',
    '{"type":',
    '\ufeff{"a":1}',
    '{"a":1} trailing',
    '{"a":NaN}',
    '{"a":1,"a":2}',
    'null',
    '[]',
    '"a string"',
    '123',
    `${'['.repeat(3000)}${']'.repeat(3000)}`,
    `{"a":"${LONE}"}`,
  ];
  for (const path of [
    '/items',
    '/entities',
    '/items/target/corrections',
    '/items/target/retraction',
    '/entities/ent:country:CN/aliases',
  ]) {
    for (const body of brokenBodies) {
      requests.push({
        label: `POST ${path} with ${JSON.stringify(body.slice(0, 20))}`,
        method: 'POST',
        path,
        rawBody: body,
        headers: { ...json, 'if-match': '"1"' },
      });
    }
  }
  const valid = JSON.stringify({
    type: 'SanctionImposed',
    itemId: 'header-case',
    data: countermeasuresFact(),
  });
  for (const key of ['has space', 'ünïcode', 'k'.repeat(300), '', '\t']) {
    requests.push({
      label: `Idempotency-Key ${JSON.stringify(key.slice(0, 12))}`,
      method: 'POST',
      path: '/items',
      rawBody: valid,
      headers: { ...json, 'idempotency-key': key },
    });
  }
  for (const contentType of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/jsonx',
  ]) {
    requests.push({
      label: `content-type ${contentType}`,
      method: 'POST',
      path: '/items',
      rawBody: valid,
      headers: { 'content-type': contentType },
    });
  }
  const correction = (patch: unknown[]) =>
    JSON.stringify({ kind: 'correction', reason: 'hostile', patch });
  for (const ifMatch of ['*', 'W/"1"', '"abc"', '"99999999999999999999999"', '', '"1", "2"', '1']) {
    const item = `if-match-${requests.length}`;
    requests.push({
      label: `If-Match ${JSON.stringify(ifMatch)}`,
      method: 'POST',
      path: `/items/${item}/corrections`,
      freshItem: item,
      rawBody: correction([{ op: 'replace', path: '/headline', value: 'x' }]),
      headers: { ...json, 'if-match': ifMatch },
    });
  }
  const patches: unknown[][] = [
    [{ op: 'add', path: '/__proto__/polluted', value: true }],
    [{ op: 'replace', path: '/constructor/prototype/x', value: 1 }],
    [{ op: 'move', from: '/sources', path: '/sources/0/more' }],
    [{ op: 'copy', from: '/__proto__', path: '/x' }],
    Array.from({ length: 26 }, () => ({ op: 'copy', from: '/topics', path: '/topics/-' })),
    Array.from({ length: 26 }, () => ({ op: 'copy', from: '/sources', path: '/sources/-' })),
    [{ op: 'test', path: '/nothing', value: 1 }],
    [{ op: 'replace', path: '', value: {} }],
    [{ op: 'replace', path: 'headline', value: 'no slash' }],
    [{ op: 'remove', path: '/headline' }],
    [{ op: 'add', path: '/occurred/earliest', value: '1999-01-01' }],
    [{ op: 'replace', path: '/occurred/edtf', value: '99999' }],
    [{ op: 'replace', path: '/occurred/edtf', value: '2023-02-29' }],
    [
      {
        op: 'replace',
        path: '/occurred/edtf',
        value: `[${Array.from({ length: 20_000 }, () => '2020').join(',')}]`,
      },
    ],
    [{ op: 'replace', path: '/headline', value: `x ${'\ud800'}` }],
    Array.from({ length: 201 }, () => ({ op: 'test', path: '/headline', value: 'x' })),
    [{ op: 'frobnicate', path: '/headline' }],
    [{ op: 'replace', path: '/sources/99999999999/title', value: 'x' }],
  ];
  for (const [i, patch] of patches.entries()) {
    const item = `patched-${i}`;
    requests.push({
      label: `hostile patch ${i}`,
      method: 'POST',
      path: `/items/${item}/corrections`,
      rawBody: correction(patch),
      headers: { ...json, 'if-match': '"1"' },
      freshItem: item,
    });
  }
  const queries = [
    'limit=1e3',
    'limit=-1',
    'limit=0x10',
    'limit=',
    'within=maybe',
    'order=sideways',
    'asOf=2024-02-30T00:00:00Z',
    'asOf=2024-04-12T24:00:00Z',
    'asOf=position:99999999999999999999999',
    'asOf=position:-1',
    'asOf=%00',
    'from=0000-00-00',
    'from=2024-02-30',
    'to=99999',
    'from=2024&to=2023',
    `cursor=${forgedCursor(['not-a-date', 'x', 'asc'])}&q=sanction`,
    `cursor=${forgedCursor(['2024-01-01', 'x'.repeat(500), 'asc'])}`,
    `cursor=${forgedCursor([1, 2, 3])}`,
    'cursor=%ff%fe',
    'cursor=' + 'A'.repeat(5000),
    'q=%22',
    'q=*',
    'q=NEAR(a%20b)',
    'q=' + 'word%20'.repeat(40),
    'q=%00',
    'type=__proto__',
    '__proto__=1',
    'constructor=1',
    'country=%00',
    'country=' + 'XX,'.repeat(500),
    'topic=' + 'a'.repeat(5000),
    'entity=' + '%ff'.repeat(10),
    'confidence=>=nope',
    Array.from({ length: 500 }, () => 'type=SanctionImposed').join('&'),
    'includeSubsidiaries=2',
    'minPosition=1e9',
    'format=exe',
    'format=csv&bom=maybe',
  ];
  for (const query of queries) {
    requests.push({
      label: `GET /timeline?${query.slice(0, 40)}`,
      method: 'GET',
      path: `/timeline?${query}`,
    });
  }
  for (const query of [
    'q=%00',
    'q=' + 'a'.repeat(5000),
    'limit=-5',
    'id=' + 'x,'.repeat(300),
    'id=%ff',
  ]) {
    requests.push({
      label: `GET /entities?${query.slice(0, 30)}`,
      method: 'GET',
      path: `/entities?${query}`,
    });
  }
  for (const query of [
    'fromPosition=-1',
    'fromPosition=1e5',
    'toPosition=abc',
    'fromPosition=5&toPosition=2',
    'type=',
    'stream=%00',
    'position=99999999999999999999999999999999999999999999',
    'digest=zz',
  ]) {
    requests.push({
      label: `GET /audit/*?${query}`,
      method: 'GET',
      path: `/audit/${query.startsWith('digest') ? 'verify' : query.startsWith('position') ? 'digest' : 'events'}?${query}`,
    });
  }
  for (const path of [
    '/items/%00',
    '/items/..%2f..%2fetc%2fpasswd',
    '/items/%ff',
    `/items/${'a'.repeat(300)}`,
    '/entities/ent:x:%ff',
    '/entities/%2e%2e',
    '/items/target/history?x=1',
    '/items/target?asOf=2024-02-30T00:00:00Z',
    '/audit/proof/inclusion?eventId=%00',
    '/audit/proof/consistency?from=99999999999999999999',
    '/timeline/../admin/projections',
    '//timeline',
    '/TIMELINE',
  ]) {
    requests.push({ label: `GET ${path.slice(0, 40)}`, method: 'GET', path });
  }
  return requests;
}

describe('the hostile matrix', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
    const target = await t.request('POST', '/items', {
      body: { type: 'SanctionImposed', itemId: 'target', data: countermeasuresFact() },
    });
    expect(target.status).toBe(201);
  });
  afterAll(() => t.close());

  it('answers every hostile request below 500, as problem+json when refused, with no partial write or stall', async () => {
    const requests = hostileRequests();
    expect(requests.length).toBeGreaterThanOrEqual(250);
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    for (const request of requests) {
      if (request.freshItem) {
        const setup = await t.request('POST', '/items', {
          body: { type: 'SanctionImposed', itemId: request.freshItem, data: countermeasuresFact() },
        });
        expect(setup.status).toBe(201);
      }
      const before = await t.store.headPosition();
      const answer = await t.request(request.method, request.path, {
        rawBody: request.rawBody,
        headers: request.headers,
      });
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const after = await t.store.headPosition();
      if (answer.status >= 500)
        failures.push(`${request.label}: ${answer.status} ${answer.text.slice(0, 200)}`);
      if (
        answer.status >= 400 &&
        !/^application\/problem\+json/.test(answer.headers.get('content-type') ?? '')
      ) {
        failures.push(`${request.label}: ${answer.status} is not problem+json`);
      }
      if (answer.status >= 400 && after !== before)
        failures.push(`${request.label}: refused but the log moved`);
      if (
        answer.status < 400 &&
        request.method === 'POST' &&
        after === before &&
        answer.status !== 200
      ) {
        failures.push(`${request.label}: ${answer.status} yet nothing was written`);
      }
    }
    loop.disable();
    const worstStallMs = loop.max / 1e6;
    const counts = [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s}: ${c}`)
      .join(', ');
    console.log(
      `hostile matrix: ${requests.length} requests (${counts}); worst event-loop stall ${worstStallMs.toFixed(0)} ms`,
    );
    expect(failures).toEqual([]);
    expect(worstStallMs).toBeLessThan(1000);
  });
});
