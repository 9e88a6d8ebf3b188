import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { FACT_SCHEMAS } from '../../events/schemas/facts.schema';
import { ACCESS_RULES } from '../../src/auth/access-policy';
import { declaredOperationIds, declaredRouteDoc } from '../../src/openapi/route-doc';
import { ROUTES_SERVED_ELSEWHERE } from '../../src/openapi/route-docs';

/** The OpenAPI document: valid 3.1, and it documents every route the app serves. */
let app: NestFastifyApplication;
let dir: string;
let baseUrl: string;
const servedRoutes: string[] = [];
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};
let doc: Doc;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ops-openapi-'));
  app = await createApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) servedRoutes.push(`${method} ${route.url}`);
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = await app.getUrl();
  doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Doc;
}, 60_000);
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('is a valid OpenAPI 3.1 document', async () => {
  expect(doc.openapi).toBe('3.1.0');
  const result = await new Validator().validate(doc as never);
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
});

/** The served API routes as `GET /items/{id}` (static web files and explorer assets left out). */
function servedApiRoutes(): string[] {
  return (
    servedRoutes
      .filter((route) => !/^(HEAD|OPTIONS) /.test(route))
      // Static pages of the web timeline (`/`, `/main.js`...) are not API routes.
      .filter((route) => !/^GET \/(?:[\w.-]+\.\w+)?$/.test(route))
      // The explorer's own asset files, behind the documented GET /docs.
      .filter((route) => route !== 'GET /docs/*')
      .map((route) => route.replace(/:(\w+)/g, '{$1}'))
  );
}

it('documents every route the app serves', () => {
  const documented = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
  const api = servedApiRoutes();
  expect(api.length).toBeGreaterThan(5);
  expect(api.filter((route) => !documented.has(route))).toEqual([]);
});

it('declares each served route once: @RouteDoc on its handler, or as served elsewhere', () => {
  // SwaggerModule registers the document and the explorer page outside Nest's router.
  const served = new Set([...servedApiRoutes(), 'GET /openapi.json', 'GET /docs']);
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      route: `${method.toUpperCase()} ${path}`,
      operationId: String(op.operationId),
    })),
  );
  const elsewhere = Object.keys(ROUTES_SERVED_ELSEWHERE).map((key) => {
    const [method, path] = key.split(' ');
    return `${method.toUpperCase()} ${path}`;
  });
  // A declaration whose handler was renamed, or an entry for a route no longer served.
  const operationIds = operations.map((o) => o.operationId);
  expect(declaredOperationIds().filter((id) => !operationIds.includes(id))).toEqual([]);
  expect(elsewhere.filter((route) => !served.has(route))).toEqual([]);
  const twice = operations.filter(
    (o) => declaredRouteDoc(o.operationId) !== undefined && elsewhere.includes(o.route),
  );
  expect(twice).toEqual([]);
  expect(operations.map((o) => o.route).sort()).toEqual([...served].sort());
});

it('has an access rule for every served route and no rule that matches none', () => {
  const served = [...servedApiRoutes(), 'GET /openapi.json', 'GET /docs', 'GET /docs/*'].map(
    (route) => {
      const [method, path] = route.split(' ');
      return { method, path: path.replace(/\{[^}]+\}/g, 'x').replace(/\*$/, 'swagger-ui.css') };
    },
  );
  const ruleOf = (route: { method: string; path: string }) =>
    ACCESS_RULES.find((r) => r.method === route.method && r.path.test(route.path));
  expect(served.filter((route) => !ruleOf(route))).toEqual([]);
  const used = new Set(served.map(ruleOf));
  expect(ACCESS_RULES.filter((rule) => !used.has(rule)).map((r) => r.why)).toEqual([]);
});

it('has a schema for each fact type and for problem+json, and a bearer scheme', () => {
  for (const type of Object.keys(FACT_SCHEMAS))
    expect(doc.components.schemas).toHaveProperty(`${type}Schema`);
  expect(doc.components.schemas).toHaveProperty('Problem');
  expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  expect(JSON.stringify(doc)).not.toContain('#/components/schemas/Array'); // every $ref resolves to a real schema
});

it('carries the seed story as examples and security from the access policy', () => {
  const recordItem = doc.paths['/items'].post as {
    requestBody: {
      content: { 'application/json': { examples: Record<string, { value: { type: string } }> } };
    };
    security: unknown[];
  };
  const examples = recordItem.requestBody.content['application/json'].examples;
  expect(Object.values(examples).map((e) => e.value.type)).toEqual([
    'SanctionThreatened',
    'LegalInstrumentIssued',
    'SanctionImposed',
  ]);
  expect(JSON.stringify(examples)).toContain('General Dynamics Land Systems');
  expect(recordItem.security).toEqual([{ apiKey: [] }]);
  expect(doc.paths['/health/live'].get.security).toEqual([]);
});

it('serves the UI and its assets locally (no CDN)', async () => {
  const page = await fetch(`${baseUrl}/docs`);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).not.toMatch(/https?:\/\/(?:unpkg|cdn|cdnjs)/);
  const assets = [...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThan(1);
  for (const asset of assets) {
    const response = await fetch(`${baseUrl}/${asset.replace(/^\.?\//, '')}`);
    expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
  }
});
