import fastifyHelmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { installSecurityHeaders } from '../../src/http/security-headers';

/**
 * installSecurityHeaders builds helmet's middleware once instead of per request, as
 * @fastify/helmet (used before) did; the headers must be exactly the ones @fastify/helmet sent.
 */
async function server(withHeaders: (fastify: FastifyInstance) => Promise<void>) {
  const fastify = Fastify({ logger: false });
  await withHeaders(fastify);
  fastify.get('/ok', async () => ({ ok: true }));
  fastify.post('/fails', async () => {
    throw new Error('boom');
  });
  await fastify.ready();
  return fastify;
}

const requests = [
  { method: 'GET', url: '/ok' },
  { method: 'GET', url: '/no-such-route' },
  { method: 'POST', url: '/fails', payload: {} },
] as const;

describe('installSecurityHeaders', () => {
  let ours: FastifyInstance;
  let reference: FastifyInstance;
  beforeAll(async () => {
    ours = await server(async (fastify) => installSecurityHeaders(fastify));
    reference = await server(async (fastify) => {
      await fastify.register(fastifyHelmet);
    });
  });
  afterAll(() => Promise.all([ours.close(), reference.close()]));

  it.each(requests)('sends what @fastify/helmet sent: $method $url', async (request) => {
    const expected = await reference.inject(request);
    const actual = await ours.inject(request);
    expect(actual.statusCode).toBe(expected.statusCode);
    const { date: _d1, ...expectedHeaders } = expected.headers;
    const { date: _d2, ...actualHeaders } = actual.headers;
    expect(actualHeaders).toEqual(expectedHeaders);
    expect(actualHeaders['content-security-policy']).toMatch(/default-src 'self'/);
  });
});
