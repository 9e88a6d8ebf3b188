import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModelService } from '../../src/read-model/read-model.service';

/** A real app on temporary SQLite files; events are appended straight through the store port. */
export class ReadSideApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly store: EventStore,
    readonly readModel: ReadModelService,
    private readonly dir: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ReadSideApp> {
    const dir = mkdtempSync(join(tmpdir(), 'read-side-'));
    const config = loadConfig({ DATA_DIR: dir, MIN_POSITION_WAIT_MS: '300', ...env });
    const app = await createApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new ReadSideApp(app, app.get(EVENT_STORE), app.get(ReadModelService), dir);
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Appends one event and waits until the read model has it; returns its position. */
  async append(stream: string, type: string, data: Record<string, unknown>): Promise<bigint> {
    const result = await this.store.append(stream, [{ type, data: data as never }], 'any');
    await this.settle(result.position);
    return result.position;
  }

  async settle(position: bigint): Promise<void> {
    if (!(await this.readModel.waitForPosition(position, 10_000))) {
      throw new Error(`read model did not reach ${position}`);
    }
  }

  async get(
    url: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
    const res = await this.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  }

  async post(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.app.inject({ method: 'POST', url });
    return { status: res.statusCode, body: res.json() };
  }

  async registerEntity(entityId: string, name: string, aliases: string[] = []): Promise<bigint> {
    return this.append(`entity-${entityId}`, 'EntityRegistered', {
      entityId,
      kind: 'country',
      name,
      aliases,
    });
  }
}

const ref = (entityId: string, role: string) => ({ entityId, role });

/** A fact with the fields the read side looks at; dates as [earliest, latest]. */
export function fact(options: {
  headline: string;
  days: [string | null, string | null];
  actors?: string[];
  targets?: string[];
  countries?: string[];
  topics?: string[];
  confidence?: string;
  quote?: string;
}): Record<string, unknown> {
  return {
    headline: options.headline,
    summary: `${options.headline}, summarised.`,
    occurred: { edtf: 'x', earliest: options.days[0], latest: options.days[1], precision: 'day' },
    actors: (options.actors ?? []).map((id) => ref(id, 'actor')),
    targets: (options.targets ?? []).map((id) => ref(id, 'target')),
    countries: options.countries ?? [],
    topics: options.topics ?? [],
    confidence: options.confidence ?? 'reported',
    sources: [
      {
        title: 't',
        publisher: 'p',
        kind: 'news',
        url: 'https://example.org',
        publishedOn: '2024-04-12',
        quote: options.quote ?? '',
      },
    ],
  };
}

export function correction(
  newFact: Record<string, unknown>,
  kind = 'update',
): Record<string, unknown> {
  return {
    kind,
    reason: 'the world moved on',
    patch: [],
    factType: 'x',
    factSchemaVersion: 1,
    fact: newFact,
  };
}
