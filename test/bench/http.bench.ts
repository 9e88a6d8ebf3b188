import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { countermeasuresFact, ENTITY_FIXTURES } from '../support/fixtures';

/**
 * `npm run bench:http` — POST /items through the whole service (validation, decider, durable
 * group-committed append) against a bare Fastify handler that parses the same JSON and answers 201,
 * measured in the same run. Goals (issue 3): >= 0.4x bare throughput, p99 <= 25 ms.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;

interface Result {
  readonly label: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
}

async function load(label: string, url: string, headers: Record<string, string>): Promise<Result> {
  let counter = 0;
  const fact = countermeasuresFact();
  process.stderr.write(`${label}: ${CONNECTIONS} connections for ${SECONDS} s\n`);
  let finish: (result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const instance = autocannon(
    {
      url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          path: '/items',
          headers: { 'content-type': 'application/json', ...headers },
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              type: 'SanctionImposed',
              itemId: `bench-${(counter += 1)}`,
              data: fact,
            }),
          }),
        },
      ],
    },
    (error, result) => (error ? process.exit(1) : finish(result)),
  );
  autocannon.track(instance, {
    renderProgressBar: true,
    renderResultsTable: false,
    renderLatencyTable: false,
  });
  const result = await done;
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

async function bareFastify(): Promise<Result> {
  const app = Fastify({ logger: false });
  app.post('/items', async (request, reply) => {
    const body = request.body as { itemId: string };
    return reply.code(201).send({ itemId: body.itemId, version: 1 });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  try {
    return await load('baseline: bare Fastify', `http://127.0.0.1:${port}`, {});
  } finally {
    await app.close();
  }
}

async function service(dir: string): Promise<Result> {
  // An editor key of our own, and a rate limit the benchmark cannot reach.
  const key = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    DATA_DIR: dir,
    LOG_LEVEL: 'error',
    API_KEYS: `bench:editor:${createHash('sha256').update(key).digest('hex')}`,
    RATE_LIMIT_PER_KEY: '1000000',
  };
  const app = await createApp(loadConfig(env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${key}` };
  try {
    for (const entity of ENTITY_FIXTURES) {
      const response = await fetch(`${url}/entities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(entity),
      });
      if (response.status !== 201)
        throw new Error(`setup: POST /entities answered ${response.status}`);
    }
    return await load('policy-timeline POST /items (durable)', url, headers);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  try {
    const bare = await bareFastify();
    const ours = await service(dir);
    console.log(
      `\nHTTP benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPU(s), ` +
        `${CONNECTIONS} connections, ${SECONDS} s each, ~${JSON.stringify(countermeasuresFact()).length} B bodies\n`,
    );
    console.log('| Target | req/s | p50 ms | p99 ms | non-2xx | vs bare |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of [ours, bare]) {
      console.log(
        `| ${r.label} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${(r.rps / bare.rps).toFixed(2)}× |`,
      );
    }
    const ratio = ours.rps / bare.rps;
    console.log(
      `\nGoals: >= 0.4× bare: ${ratio >= 0.4 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×); ` +
        `p99 <= 25 ms: ${ours.p99 <= 25 ? 'met' : 'NOT met'} (${ours.p99} ms)`,
    );
    if (ours.non2xx > 0)
      console.log(`WARNING: ${ours.non2xx} requests to the service did not answer 2xx`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
