import { readFileSync } from 'node:fs';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import type { EventStore } from '../../src/event-store/event-store.port';
import { AppMetrics } from '../../src/metrics/app-metrics';
import { observeAppends } from '../../src/metrics/observe-store';
import { ENTITY_FIXTURES } from '../support/fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const [CHINA, USA] = ENTITY_FIXTURES;
const adminHeaders = (t: TestApp) => ({
  authorization: `Bearer ${readFileSync(t.config.bootstrapKeyFile, 'utf8').trim()}`,
});

describe('headers, CORS, body limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  }, 60_000);
  afterAll(() => t.close());

  it('sends security headers (helmet) on answers and on errors', async () => {
    for (const path of ['/health/live', '/no-such-route']) {
      const response = await t.request('GET', path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    }
  });

  it('has CORS off by default', async () => {
    const response = await t.request('GET', '/health/live', {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 problem+json and writes nothing', async () => {
    const response = await t.request('POST', '/entities', {
      body: { ...CHINA, notes: 'x'.repeat(4096) },
      headers: adminHeaders(t),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await t.store.headPosition()).toBe(0n);
  });
});

describe('CORS when configured', () => {
  it('allows only the configured origins and exposes ETag/Location', async () => {
    const t = await startTestApp({ CORS_ORIGINS: 'https://desk.example' });
    try {
      const preflight = await t.request('OPTIONS', '/items', {
        headers: {
          origin: 'https://desk.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type,if-match',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://desk.example');
      const other = await t.request('GET', '/health/live', {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const allowed = await t.request('GET', '/health/live', {
        headers: { origin: 'https://desk.example' },
      });
      expect(allowed.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    } finally {
      await t.close();
    }
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_PER_KEY: '2',
      RATE_LIMIT_ANONYMOUS: '3',
      RATE_LIMIT_WINDOW_SECONDS: '600',
    });
  }, 60_000);
  afterAll(() => t.close());

  it('limits each key separately and answers 429 problem+json with Retry-After', async () => {
    const admin = adminHeaders(t);
    const statuses = [];
    for (const entity of [CHINA, USA, ENTITY_FIXTURES[2]]) {
      statuses.push(
        (await t.request('POST', '/entities', { body: entity, headers: admin })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 429]);
    const limited = await t.request('POST', '/entities', {
      body: ENTITY_FIXTURES[2],
      headers: admin,
    });
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await t.store.headPosition()).toBe(2n); // the refused write wrote nothing
  });

  it('limits anonymous callers per IP, also when they guess keys', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const headers = { authorization: `Bearer ptk_guess-${i}` };
      statuses.push((await t.request('POST', '/entities', { body: CHINA, headers })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('never limits health, metrics or the docs', async () => {
    for (let i = 0; i < 5; i++) expect((await t.request('GET', '/health/live')).status).toBe(200);
    expect((await t.request('GET', '/metrics')).status).toBe(200);
  });
});

describe('health', () => {
  it('is live and ready, then not ready (503 problem+json) once the store stops answering', async () => {
    const t = await startTestApp();
    try {
      expect((await t.request('GET', '/health/live')).body).toMatchObject({ status: 'ok' });
      const ready = await t.request('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details).toMatchObject({
        eventStore: { status: 'up' },
        projections: { status: 'up' },
      });
      await t.store.close();
      const down = await t.request('GET', '/health/ready');
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(down.body).toMatchObject({
        code: 'NOT_READY',
        checks: { eventStore: { status: 'down' } },
      });
      expect((await t.request('GET', '/health/live')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('metrics', () => {
  it('exposes request durations by route and status, appends, and process metrics', async () => {
    const t = await startTestApp();
    try {
      const headers = adminHeaders(t);
      expect((await t.request('POST', '/entities', { body: CHINA, headers })).status).toBe(201);
      expect((await t.request('POST', '/entities', { body: CHINA, headers })).status).toBe(409);
      const text = (await t.request('GET', '/metrics')).text;
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="POST",route="\/entities",status="201"\} 1/,
      );
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="POST",route="\/entities",status="409"\} 1/,
      );
      expect(text).toMatch(/event_store_appends_total\{outcome="ok"\} 1/);
      expect(text).toMatch(/event_store_appended_events_total 1/);
      expect(text).toMatch(/event_store_append_duration_seconds_count\{outcome="ok"\} 1/);
      // Outcomes that never happened are exported as 0, so alerts on them see data.
      expect(text).toMatch(/event_store_appends_total\{outcome="error"\} 0/);
      expect(text).toMatch(/event_store_append_duration_seconds_count\{outcome="error"\} 0/);
      expect(text).toMatch(/projection_lag_seconds\{projection="timeline-items"\} 0/);
      expect(text).toMatch(/event_store_group_commit_batch_size_count [1-9]/);
      expect(text).toMatch(/process_cpu_user_seconds_total/);
      expect(text).toMatch(/nodejs_heap_size_used_bytes/);
    } finally {
      await t.close();
    }
  });

  it('counts append conflicts separately from other failures', async () => {
    const metrics = new AppMetrics();
    const failures = [new ConcurrencyError('item-x', 1, 2), new Error('disk full')];
    const store = {
      append: async () => {
        throw failures.shift();
      },
    } as unknown as EventStore;
    observeAppends(store, metrics);
    await expect(store.append('item-x', [], 1)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('item-x', [], 1)).rejects.toThrow('disk full');
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/event_store_appends_total\{outcome="conflict"\} 1/);
    expect(text).toMatch(/event_store_appends_total\{outcome="error"\} 1/);
    expect(text).toMatch(/event_store_append_duration_seconds_count\{outcome="conflict"\} 1/);
    expect(text).toMatch(/event_store_append_duration_seconds_count\{outcome="ok"\} 0/);
  });
});
