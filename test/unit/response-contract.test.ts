import { ResponseContract } from '../support/response-contract';

/** The e2e suites' response check must refuse what the document does not describe. */
const problem = { $ref: '#/components/responses/Problem404' };
const contract = new ResponseContract({
  openapi: '3.1.0',
  paths: {
    '/items/{id}': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            headers: { ETag: { required: true, schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } },
          },
          '404': problem,
        },
      },
    },
    '/log': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/x-ndjson': {
                schema: { type: 'string', 'x-line-schema': { $ref: '#/components/schemas/Item' } },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Item: { type: 'object', required: ['itemId'], properties: { itemId: { type: 'string' } } },
      Problem: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
    },
    responses: {
      Problem404: {
        description: 'not found',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      },
    },
  },
});

const answer = (
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) => ({
  status,
  headers: new Headers({ 'content-type': contentType, ...headers }),
  text: body,
});
const json = 'application/json; charset=utf-8';

it('accepts an answer the document describes', () => {
  expect(
    contract.problems(
      'GET',
      '/items/a?asOf=x',
      answer(200, json, '{"itemId":"a"}', { etag: '"1"' }),
    ),
  ).toEqual([]);
  expect(
    contract.problems(
      'GET',
      '/items/a',
      answer(404, 'application/problem+json', '{"code":"NOT_FOUND"}'),
    ),
  ).toEqual([]);
  expect(
    contract.problems(
      'GET',
      '/log',
      answer(200, 'application/x-ndjson', '{"itemId":"a"}\n{"itemId":"b"}\n'),
    ),
  ).toEqual([]);
});

it('refuses an undocumented status, media type, body or missing header', () => {
  expect(contract.problems('GET', '/items/a', answer(409, json, '{}'))).toEqual([
    'status 409 is not documented (200, 404)',
  ]);
  expect(
    contract.problems('GET', '/items/a', answer(200, 'text/csv', 'a', { etag: '"1"' }))[0],
  ).toMatch(/Content-Type "text\/csv" is not one of application\/json/);
  expect(
    contract.problems('GET', '/items/a', answer(200, json, '{"id":"a"}', { etag: '"1"' }))[0],
  ).toMatch(/must have required property 'itemId'/);
  expect(contract.problems('GET', '/items/a', answer(200, json, '{"itemId":"a"}'))).toEqual([
    'required header ETag is missing',
  ]);
  expect(
    contract.problems(
      'GET',
      '/log',
      answer(200, 'application/x-ndjson', '{"itemId":"a"}\n{}\n'),
    )[0],
  ).toMatch(/itemId/);
  expect(contract.problems('POST', '/items/a', answer(200, json, '{}'))).not.toEqual([]);
});

it('lets static web files through and holds unknown routes to problem+json', () => {
  expect(contract.problems('GET', '/main.js', answer(200, 'text/javascript', 'x'))).toEqual([]);
  expect(contract.problems('GET', '/docs/swagger-ui.css', answer(200, 'text/css', 'x'))).toEqual(
    [],
  );
  expect(
    contract.problems(
      'GET',
      '/nope/deeper',
      answer(404, 'application/problem+json', '{"code":"ROUTE_NOT_FOUND"}'),
    ),
  ).toEqual([]);
  expect(
    contract.problems('GET', '/nope/deeper', answer(404, 'text/plain', 'Not Found')),
  ).not.toEqual([]);
});
