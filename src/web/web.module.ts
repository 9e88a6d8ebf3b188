import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the web timeline (built by `npm run build` into dist/web/) at `/`.
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
