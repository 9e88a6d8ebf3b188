import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The page's icon: a timeline (an axis with three events) on the page's accent blue. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#0b57d0"/>
<path d="M5 20h22" stroke="#fff" stroke-width="2.5" stroke-linecap="round"/>
<circle cx="9" cy="20" r="3" fill="#fff"/><circle cx="17" cy="12" r="3" fill="#fff"/>
<circle cx="24" cy="20" r="3" fill="#fff"/>
</svg>
`;

/**
 * Serves the web timeline (built by `npm run build` into dist/web/) at `/`, and its icon.
 *
 * `wildcard: false` registers one route per built file (and `/` for index.html) instead of a
 * catch-all, so API routes and their problem+json 404s are never shadowed by the static files.
 */
@Module({})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('WebModule');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const root = webAssetsRoot();
    if (!existsSync(join(root, 'index.html'))) {
      this.logger.warn(`no web timeline at ${root}: run \`npm run build\` to serve it at /`);
      return;
    }
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // Browsers ask for an icon on every load; without one each load logs a 404.
    fastify.get('/favicon.svg', (_request, reply) =>
      reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(FAVICON_SVG),
    );
    void fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      // Assets are not content-hashed: revalidate each time (ETag/Last-Modified make it cheap).
      cacheControl: false,
      setHeaders: (reply) => {
        void reply.header('cache-control', 'no-cache');
        // The page only talks to this origin and loads nothing from elsewhere (works offline).
        void reply.header(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        );
      },
    });
  }
}

/** dist/web under the package root, whether running from dist/src/web (built) or src/web (tests). */
export function webAssetsRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return join(dir, 'dist', 'web');
}
