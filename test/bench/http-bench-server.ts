import Fastify from 'fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';

/**
 * The server side of `bench:http`, in its own process so the load generator does not share its
 * event loop (on a 2-core machine each gets a core). `bare` is the baseline: Fastify parsing the
 * same JSON and answering 201. Prints `port <n>` when listening; stops on SIGTERM.
 */
async function main(mode: string): Promise<void> {
  if (mode === 'bare') {
    const app = Fastify({ logger: false });
    app.post('/items', async (request, reply) => {
      const body = request.body as { itemId: string };
      return reply.code(201).send({ itemId: body.itemId, version: 1 });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    announce((app.server.address() as { port: number }).port, () => app.close());
    return;
  }
  const app = await createApp(loadConfig(process.env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce((app.getHttpServer().address() as { port: number }).port, () => app.close());
}

function announce(port: number, close: () => Promise<unknown>): void {
  process.stdout.write(`port ${port}\n`);
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
}

main(process.argv[2] ?? 'service').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
