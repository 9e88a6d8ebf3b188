import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/app-config';

/**
 * No container engine runs where these tests run, so the stack is checked structurally: the
 * compose file parses, every service that must wait for KurrentDB waits for it to be healthy,
 * the cluster profile really is three nodes, and the image follows the production rules.
 */
const root = join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const inProfile = (profile?: string) =>
  Object.entries(services).filter(([, s]) =>
    profile ? s.profiles?.includes(profile) : !s.profiles,
  );
const kurrentNodes = (profile?: string) =>
  inProfile(profile).filter(([, s]) => s.image?.includes('kurrentdb'));
const apps = (profile?: string) => inProfile(profile).filter(([, s]) => s.build);

describe('docker-compose.yml', () => {
  it('runs one insecure single-node KurrentDB with projections, a volume and a health check', () => {
    const nodes = kurrentNodes();
    expect(nodes).toHaveLength(1);
    const [, node] = nodes[0];
    expect(node.image).toMatch(/^docker\.kurrent\.io\/kurrent-lts\/kurrentdb:\d+\.\d+\.\d+$/);
    expect(node.environment).toMatchObject({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'All',
      KURRENTDB_CLUSTER_SIZE: '1',
    });
    expect(node.volumes?.some((v) => v.endsWith(':/var/lib/kurrentdb'))).toBe(true);
    expect(JSON.stringify(node.healthcheck?.test)).toContain('/health/live');
  });

  it('builds the service from the Dockerfile, on KurrentDB, only once KurrentDB is healthy', () => {
    const [[, app]] = apps();
    expect(app.build).toMatchObject({ context: '.', dockerfile: 'Dockerfile' });
    const config = loadConfig(app.environment);
    expect(config.eventStore).toBe('kurrentdb');
    const [[nodeName]] = kurrentNodes();
    expect(config.kurrentdbConnectionString).toContain(`//${nodeName}:2113`);
    expect(app.depends_on).toEqual({ [nodeName]: { condition: 'service_healthy' } });
    expect(JSON.stringify(app.healthcheck?.test)).toContain('/health/ready');
    expect(app.volumes?.some((v) => v.endsWith(':/app/data'))).toBe(true);
  });

  it('has a cluster profile of three gossiping nodes and a service pointed at all of them', () => {
    const nodes = kurrentNodes('cluster');
    const names = nodes.map(([name]) => name);
    expect(names).toHaveLength(3);
    for (const [name, node] of nodes) {
      expect(node.environment?.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const seeds = node.environment?.KURRENTDB_GOSSIP_SEED?.split(',') ?? [];
      expect(seeds.sort()).toEqual(names.filter((n) => n !== name).map((n) => `${n}:2113`));
      expect(JSON.stringify(node.healthcheck?.test)).toContain('/health/live');
      expect(node.volumes).toHaveLength(1);
    }
    const clustered = apps('cluster');
    expect(clustered).toHaveLength(1);
    const [[, app]] = clustered;
    const config = loadConfig(app.environment);
    for (const name of names) expect(config.kurrentdbConnectionString).toContain(`${name}:2113`);
    expect(Object.keys(app.depends_on ?? {}).sort()).toEqual(names);
    expect(Object.values(app.depends_on ?? {}).map((d) => d.condition)).toEqual(
      names.map(() => 'service_healthy'),
    );
  });

  it('declares every named volume and never publishes one host port twice', () => {
    const used = Object.values(services).flatMap((s) => s.volumes ?? []);
    for (const volume of used) expect(compose.volumes).toHaveProperty(volume.split(':')[0]);
    const hostPorts = Object.values(services).flatMap((s) =>
      (s.ports ?? []).map((p) => p.split(':')[0]),
    );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1];

  it('is multi-stage on Node 24 slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:24-slim AS \w+/);
  });

  it('ships production dependencies only and the compiled output, as a non-root user', () => {
    expect(final).toMatch(/npm ci --omit=dev/);
    expect(final).toMatch(/COPY --from=\w+ \/app\/dist/);
    const user = final.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('keeps data on a volume, checks readiness, and starts the compiled entry point', () => {
    expect(final).toMatch(/^VOLUME \["\/app\/data"\]/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
    expect(final).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
    expect(existsSync(join(root, 'src', 'main.ts'))).toBe(true);
  });

  it('leaves local state out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.git', '*.sqlite']) {
      expect(ignored).toContain(entry);
    }
  });
});
