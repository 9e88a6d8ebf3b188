import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { enrichDocument } from './enrich-document';

/** Builds the OpenAPI 3.1 document from the app's routes and serves it plus the bundled UI. */
export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const base = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Policy Timeline')
    .setDescription(
      'An event-sourced, tamper-evident record of policy events with bitemporal queries. ' +
        'Errors are RFC 9457 application/problem+json with a stable `code`.',
    )
    .setVersion('1')
    .setLicense(
      'UNLICENSED (private)',
      'https://docs.npmjs.com/cli/configuring-npm/package-json#license',
    )
    // The keys are opaque random strings (not JWTs): say so, or clients try to decode them.
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque API key', description: 'API key' },
      'apiKey',
    )
    // Relative: the document describes the host that served it, whatever name it is reached by.
    .addServer('/', 'this service')
    .build();
  return enrichDocument(SwaggerModule.createDocument(app, base));
}

/**
 * /openapi.json and the UI at /docs. The UI's assets come from the swagger-ui-dist package via
 * @fastify/static, so /docs works offline (no CDN).
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: 'Policy Timeline API',
  });
}
