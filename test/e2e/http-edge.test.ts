import { connect } from 'node:net';
import { ENTITY_FIXTURES, countermeasuresFact } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/** Raw HTTP on a socket, for what fetch would refuse to send (huge headers, a broken request line). */
function rawRequest(baseUrl: string, request: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

const isProblem = (contentType: string | null) =>
  expect(contentType).toMatch(/^application\/problem\+json/);

/** How the service answers at the HTTP edge: before, around and instead of a route. */
describe('the HTTP edge answers problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { asAdmin: true });
    for (const entity of ENTITY_FIXTURES) await t.request('POST', '/entities', { body: entity });
  });
  afterAll(() => t.close());
  const headBefore = () => t.store.headPosition();

  it("answers a form body (curl -d's default) with 415 naming application/json, and writes nothing", async () => {
    const before = await headBefore();
    const body = JSON.stringify({
      type: 'SanctionImposed',
      itemId: 'form-item',
      data: countermeasuresFact(),
    });
    for (const contentType of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'text/csv',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await t.request('POST', '/items', {
        rawBody: body,
        headers: { 'content-type': contentType },
      });
      expect({ contentType, status: answer.status }).toEqual({ contentType, status: 415 });
      isProblem(answer.headers.get('content-type'));
      expect(answer.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(answer.body.detail).toContain('application/json');
      expect(answer.body.detail).toContain(contentType.split(';')[0]);
      // The detail names the type, never echoes the body.
      expect(answer.body.detail).not.toContain('form-item');
    }
    expect(await headBefore()).toBe(before);
  });

  it('answers a known path with another method 405 and the Allow header the path has', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/items/some-item', 'GET, HEAD'],
      ['PUT', '/timeline', 'GET, HEAD'],
      ['GET', '/items/some-item/corrections', 'POST'],
      ['PATCH', '/entities', 'GET, HEAD, POST'],
    ];
    for (const [method, path, allow] of cases) {
      const answer = await t.request(method, path, method === 'GET' ? {} : { body: {} });
      expect({ method, path, status: answer.status, allow: answer.headers.get('allow') }).toEqual({
        method,
        path,
        status: 405,
        allow,
      });
      isProblem(answer.headers.get('content-type'));
      expect(answer.body.code).toBe('METHOD_NOT_ALLOWED');
    }
    const unknown = await t.request('DELETE', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers an over-long path segment 414, an undecodable URL 400, oversized headers 431', async () => {
    const long = await t.request('GET', `/entities/${'a'.repeat(260)}`);
    expect(long.status).toBe(414);
    isProblem(long.headers.get('content-type'));
    expect(long.body.code).toBe('URI_TOO_LONG');

    const undecodable = await t.request('GET', '/items/%zz');
    expect(undecodable.status).toBe(400);
    isProblem(undecodable.headers.get('content-type'));

    const huge = await rawRequest(
      t.baseUrl,
      `GET /timeline HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 431,
      code: 'HEADERS_TOO_LARGE',
    });

    const garbage = await rawRequest(t.baseUrl, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('reaches every entity id a write accepts, and refuses longer ones at the write', async () => {
    const longest = `ent:company:${'a'.repeat(200 - 'ent:company:'.length)}`;
    const created = await t.request('POST', '/entities', {
      body: { entityId: longest, kind: 'company', name: 'Long id', aliases: [] },
    });
    expect(created.body.detail).toBeUndefined();
    expect(created.status).toBe(201);
    // The entity view follows the write by a projection step: wait for it, then read.
    let read = await t.request('GET', `/entities/${longest}`);
    for (let i = 0; i < 100 && read.status === 404; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      read = await t.request('GET', `/entities/${longest}`);
    }
    expect(read.status).toBe(200);
    expect(read.body.entityId).toBe(longest);
    const tooLong = await t.request('POST', '/entities', {
      body: { entityId: `${longest}b`, kind: 'company', name: 'Too long', aliases: [] },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.fields.map((f: { field: string }) => f.field)).toContain('entityId');
  });

  it('refuses a body nested deeper than 64 levels with a 400 naming the limit, before validation', async () => {
    const before = await headBefore();
    const deep = `{"type":"SanctionImposed","itemId":"deep","data":${'['.repeat(1500)}${']'.repeat(1500)}}`;
    for (const path of ['/items', '/entities', '/items/deep/corrections']) {
      const answer = await t.request('POST', path, {
        rawBody: deep,
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      });
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
      expect(answer.body.detail).toMatch(/deeper than 64 levels/);
    }
    expect(await headBefore()).toBe(before);
  });

  it('refuses a lone surrogate or a control character anywhere in a body, naming the field, writing nothing', async () => {
    const before = await headBefore();
    const item = (headline: string) =>
      JSON.stringify({
        type: 'SanctionImposed',
        itemId: 'text-item',
        data: countermeasuresFact({ headline }),
      });
    for (const headline of ['x \\ud800', 'bell \\u0007', 'esc \\u001b[31m', 'nul \\u0000']) {
      const raw = item('PLACEHOLDER').replace('PLACEHOLDER', headline);
      const answer = await t.request('POST', '/items', {
        rawBody: raw,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `text-${headline.length}-${headline.charCodeAt(headline.length - 1)}`,
        },
      });
      expect({ headline, status: answer.status }).toEqual({ headline, status: 400 });
      isProblem(answer.headers.get('content-type'));
      expect(answer.body.fields).toEqual([{ field: 'data.headline', message: expect.any(String) }]);
    }
    const alias = await t.request('POST', '/entities/ent:country:CN/aliases', {
      rawBody: '{"alias":"China\\u0000"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(alias.status).toBe(400);
    expect(alias.body.fields[0].field).toBe('alias');
    expect(await headBefore()).toBe(before);
  });

  it('names every bad query parameter in one answer, as body validation names every field', async () => {
    const answer = await t.request(
      'GET',
      '/timeline?limit=abc&within=maybe&asOf=nope&order=up&type=Nonsense&from=2024-13',
    );
    expect(answer.status).toBe(400);
    const named = answer.body.fields.map((f: { field: string }) => f.field).sort();
    expect(named).toEqual(['asOf', 'from', 'limit', 'order', 'type', 'within']);
    for (const field of named) expect(answer.body.detail).toContain(`${field}:`);
    const entities = await t.request('GET', '/entities?q=a&q=b&limit=0');
    expect(entities.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'limit',
      'q',
    ]);
    // One bad parameter is still reported alone.
    const one = await t.request('GET', '/timeline?limit=0');
    expect(one.body.fields).toEqual([{ field: 'limit', message: expect.any(String) }]);
  });
});
