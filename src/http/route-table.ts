import type { FastifyInstance } from 'fastify';

/**
 * The routes the app serves, collected as Fastify registers them, so that a known path asked
 * with the wrong method is answered 405 with the `Allow` header the path really has (RFC 9110
 * §15.5.6), instead of 404 as if the path did not exist.
 */
export class RouteTable {
  private readonly routes: { readonly method: string; readonly pattern: RegExp }[] = [];

  /** Call before the routes are registered (Nest registers them at init). */
  static collect(instance: FastifyInstance): RouteTable {
    const table = new RouteTable();
    instance.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) table.add(method, route.url);
    });
    return table;
  }

  add(method: string, url: string): void {
    const source = url
      .split('/')
      .map((segment) =>
        segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : escape(segment),
      )
      .join('/');
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`) });
  }

  /** The methods some route serves at this path (empty when no route has the path). */
  allowedMethods(path: string): string[] {
    const methods = new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    return [...methods].sort();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
