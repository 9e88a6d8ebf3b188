import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { assertDocumented, contractOf } from './documented-answers';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  readonly config: AppConfig;
  readonly dir: string;
  readonly store: EventStore;
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly text: string;
}

/** A test API key with every role; its principal, `test-admin`, becomes recordedBy. */
export const TEST_ADMIN = { name: 'test-admin', key: 'pt-test-admin-0123456789abcdef' } as const;

/** Environment that registers TEST_ADMIN (added to any API_KEYS the caller gives). */
export function withTestAdminKey(env: Record<string, string> = {}): Record<string, string> {
  const entry = `${TEST_ADMIN.name}:admin:${createHash('sha256').update(TEST_ADMIN.key).digest('hex')}`;
  return { ...env, API_KEYS: [env.API_KEYS, entry].filter(Boolean).join(',') };
}

export interface TestAppOptions {
  /** Send `Authorization: Bearer <TEST_ADMIN.key>` unless a request sets its own authorization. */
  readonly asAdmin?: boolean;
}

/** The real app on a real port, with its SQLite files in a fresh temporary directory. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  if (options.asAdmin) env = withTestAdminKey(env);
  const dir = mkdtempSync(join(tmpdir(), 'policy-timeline-'));
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const asAdmin = options.asAdmin === true;
  const app = await createApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const contract = contractOf(app);
  return {
    app,
    baseUrl,
    config,
    dir,
    store: app.get<EventStore>(EVENT_STORE),
    async request(method, path, options: RequestOptions = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (asAdmin && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
        headers.authorization = `Bearer ${TEST_ADMIN.key}`;
      }
      let payload: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        payload = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON (CSV, iCalendar...): keep the text
      }
      const { status, headers: answered } = response;
      assertDocumented(contract, method, `${baseUrl}${path}`, { status, headers: answered, text });
      return { status, headers: answered, body, text };
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
