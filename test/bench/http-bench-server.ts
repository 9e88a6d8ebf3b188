import { join } from 'node:path';
import Fastify from 'fastify';
import { factFromInput, type FactType } from '../../events';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import type { JsonObject } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

interface Body {
  readonly type: FactType;
  readonly itemId: string;
  readonly data: JsonObject;
}

/**
 * The server side of `bench:http`, in its own process so the load generator does not share its
 * event loop (on a 2-core machine each gets a core). `bare` is the baseline: Fastify parsing the
 * same JSON and answering 201. `append` and `validate` are floors, to show where a write's cost
 * lies: `append` adds only the durable append to the service's event store (group commit, hash
 * chain, synchronous=FULL) in DATA_DIR, and `validate` adds the fact validation and EDTF
 * derivation before it; neither has auth, logging, the decider or a read model. Prints `port <n>`
 * when listening; stops on SIGTERM.
 */
async function main(mode: string): Promise<void> {
  if (mode === 'bare' || mode === 'append' || mode === 'validate') {
    const store = mode === 'bare' ? null : openStore();
    const app = Fastify({ logger: false });
    app.post('/items', async (request, reply) => {
      const body = request.body as Body;
      if (store === null) return reply.code(201).send({ itemId: body.itemId, version: 1 });
      let data: JsonObject = body.data;
      if (mode === 'validate') {
        const outcome = factFromInput(body.type, body.data);
        if (!outcome.ok) return reply.code(400).send(outcome.issues);
        data = outcome.fact as unknown as JsonObject;
      }
      const appended = await store.append(
        `item-${body.itemId}`,
        [{ type: body.type, data }],
        'no-stream',
      );
      return reply
        .code(201)
        .send({ itemId: body.itemId, version: 1, position: appended.position.toString() });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    announce((app.server.address() as { port: number }).port, async () => {
      await app.close();
      await store?.close();
    });
    return;
  }
  const app = await createApp(loadConfig(process.env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  announce((app.getHttpServer().address() as { port: number }).port, () => app.close());
}

function openStore(): SqliteEventStore {
  const dir = process.env.DATA_DIR;
  if (!dir) throw new Error('the append and validate floors need DATA_DIR');
  return SqliteEventStore.open({ path: join(dir, 'floor-events.sqlite') });
}

function announce(port: number, close: () => Promise<unknown>): void {
  process.stdout.write(`port ${port}\n`);
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
}

main(process.argv[2] ?? 'service').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
