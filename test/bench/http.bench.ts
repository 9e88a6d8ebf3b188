import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { countermeasuresFact, ENTITY_FIXTURES } from '../support/fixtures';

/**
 * `npm run bench:http` — POST /items through the whole service (validation, decider, durable
 * group-committed append) against a bare Fastify handler that parses the same JSON and answers 201,
 * measured in the same run. Goals (issue 3): >= 0.4x bare throughput, p99 <= 25 ms. Two floors in
 * between (bare + the durable append; that + fact validation) show where the cost lies. Each
 * server runs in its own process (http-bench-server.ts); autocannon drives it from this one.
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

type ServerMode = 'bare' | 'append' | 'validate' | 'service';

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts http-bench-server.js in its own process and waits for the port it listens on. */
function startServer(mode: ServerMode, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [join(__dirname, 'http-bench-server.js'), mode], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /port (\d+)/.exec(output);
      if (!match) return;
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

const FLOORS = {
  bare: 'baseline: bare Fastify',
  append: 'floor: bare + durable append',
  validate: 'floor: bare + validation + durable append',
} as const;

async function floor(mode: keyof typeof FLOORS, dir: string): Promise<Result> {
  // Each floor appends the same item ids, so each gets a store of its own.
  const own = join(dir, mode);
  mkdirSync(own);
  const server = await startServer(mode, { ...process.env, DATA_DIR: own });
  try {
    return await load(FLOORS[mode], server.url, {});
  } finally {
    await server.stop();
  }
}

async function service(dir: string): Promise<Result> {
  // An editor key of our own, and a rate limit the benchmark cannot reach.
  const key = randomBytes(24).toString('hex');
  const server = await startServer('service', {
    ...process.env,
    DATA_DIR: dir,
    LOG_LEVEL: 'error',
    API_KEYS: `bench:editor:${createHash('sha256').update(key).digest('hex')}`,
    RATE_LIMIT_PER_KEY: '1000000',
  });
  const headers = { authorization: `Bearer ${key}` };
  try {
    for (const entity of ENTITY_FIXTURES) {
      const response = await fetch(`${server.url}/entities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(entity),
      });
      if (response.status !== 201)
        throw new Error(`setup: POST /entities answered ${response.status}`);
    }
    return await load('policy-timeline POST /items (durable)', server.url, headers);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  try {
    const bare = await floor('bare', dir);
    const append = await floor('append', dir);
    const validate = await floor('validate', dir);
    const ours = await service(dir);
    console.log(
      `\nHTTP benchmark — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPU(s), ` +
        `${CONNECTIONS} connections, ${SECONDS} s each, ~${JSON.stringify(countermeasuresFact()).length} B bodies\n`,
    );
    console.log('| Target | req/s | p50 ms | p99 ms | non-2xx | vs bare |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const r of [ours, validate, append, bare]) {
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
